"""Sexual Offences Act 2003 Part 2: notification periods, deadlines and review."""
