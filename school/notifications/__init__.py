"""In-site notifications: one message to one person about one object (see docs/notifications.md)."""
