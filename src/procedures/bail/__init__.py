"""Police and Criminal Evidence Act 1984 ss.47ZA-47ZM: time limits on pre-charge bail."""
