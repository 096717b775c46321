"""The ticketer's calling side: window displays on an RS-485 bus and the offline voice."""
