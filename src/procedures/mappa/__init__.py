"""Criminal Justice Act 2003 ss.325-327: multi-agency public protection arrangements (MAPPA)."""
