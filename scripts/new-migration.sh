#!/usr/bin/env bash
# Writes a new migration for both databases from the difference between the committed migrations and the
# schema, offline (no shadow database, no engine download): scripts/new-migration.sh add_tiers
set -euo pipefail
cd "$(dirname "$0")/.."
name="$(date -u +%Y%m%d%H%M%S)_${1:?usage: new-migration.sh NAME}"
scripts/generate-prisma.sh
for target in sqlite postgresql; do
  if [ "$target" = sqlite ]; then dir=prisma/migrations; schema=prisma/schema.prisma; else dir=prisma/postgresql/migrations; schema=prisma/postgresql/schema.prisma; fi
  mkdir -p "$dir/$name"
  npx prisma migrate diff --from-migrations "$dir" --to-schema-datamodel "$schema" --script --shadow-database-url "" >"$dir/$name/migration.sql" 2>/dev/null ||
    npx prisma migrate diff --from-migrations "$dir" --to-schema-datamodel "$schema" --script >"$dir/$name/migration.sql"
  echo "wrote $dir/$name/migration.sql"
done
