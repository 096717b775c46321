"""Device simulators: real peers that speak the devices' bytes over ptys and sockets, with fault injection."""
