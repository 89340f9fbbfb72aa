"""Guardian's filtering DNS resolver: a process of its own, started and watched by the
service's site rules feature (`guardian/features/sites.py`)."""
