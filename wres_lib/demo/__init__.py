"""The synthetic demo trust."""
