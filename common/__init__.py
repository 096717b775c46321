"""What the device-side applications (kiosk/) and the hall server (hall/) share: configuration, errors,
logging, database column types and migrations, the service guide model and the hall's HTTP contract."""
