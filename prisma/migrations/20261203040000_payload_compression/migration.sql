-- PostgreSQL only (lz4 compression of webhook payloads): SQLite does not compress values, so nothing changes
-- here. The migration exists on both databases because both keep the same list of migrations.
SELECT 1;
