"""Backups that restore: one dated archive holds a consistent copy of the database and every
stored file, with a manifest of row counts and SHA-256 hashes that the restore checks before it
writes anything and again after. `backup_school` and `restore_school` are the commands;
docs/operations.md is the operator's guide."""
