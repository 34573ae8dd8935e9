#!/usr/bin/env bash
# Generates both Prisma clients (SQLite and PostgreSQL) from the one model definition, offline.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsx scripts/derive-postgresql-schema.ts
npx prisma generate --schema prisma/schema.prisma >/dev/null
npx prisma generate --schema prisma/postgresql/schema.prisma >/dev/null
echo "Prisma clients generated (sqlite, postgresql)."
