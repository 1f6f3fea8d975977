#!/usr/bin/env bash
# Writes the lock files of one small npm project with the real tools (npm, yarn 1, yarn 4, pnpm 7/8/9),
# then freezes npm ls's view of the package-lock as the reference; see README.md. Needs the npm registry.
set -euo pipefail
out="${1:?output folder}"
reg=https://registry.npmjs.org
project() {
  mkdir -p "$1/packages/local"
  cat > "$1/package.json" <<'J'
{
  "name": "t",
  "version": "1.0.0",
  "private": true,
  "workspaces": ["packages/local"],
  "dependencies": {
    "is-odd": "3.0.1",
    "is-number": "7.0.0",
    "@sindresorhus/is": "4.6.0",
    "odd-alias": "npm:is-odd@2.0.0"
  },
  "devDependencies": {
    "@types/node": "20.11.0",
    "to-regex-range": "5.0.1"
  }
}
J
  cat > "$1/packages/local/package.json" <<'J'
{"name": "local", "version": "0.1.0", "dependencies": {"is-number": "^6.0.0"}}
J
}
for v in 1 2 3; do
  d="$out/package-lock-v$v"; project "$d"
  (cd "$d" && npm install --package-lock-only --lockfile-version $v --ignore-scripts --no-audit --no-fund --registry $reg >/dev/null)
done
d="$out/yarn-classic"; project "$d"
(cd "$d" && npx -y yarn@1.22.22 install --mode update-lockfile --ignore-scripts --registry $reg --non-interactive >/dev/null 2>&1 || npx -y yarn@1.22.22 install --ignore-scripts --registry $reg --non-interactive >/dev/null; rm -rf node_modules packages/local/node_modules)
d="$out/yarn-berry"; project "$d"
printf 'npmRegistryServer: "%s"\nenableTelemetry: false\nenableGlobalCache: false\n' "$reg" > "$d/.yarnrc.yml"
(cd "$d" && touch yarn.lock && YARN_ENABLE_IMMUTABLE_INSTALLS=false npx -y @yarnpkg/cli-dist@4.5.3 install --mode=update-lockfile >/dev/null; rm -rf .yarn node_modules .pnp.*)
for pv in 7:v5 8:v6 9:v9; do
  p=${pv%%:*}; d="$out/pnpm-${pv#*:}"; project "$d"
  printf 'packages:\n  - packages/local\n' > "$d/pnpm-workspace.yaml"
  (cd "$d" && npx -y pnpm@$p install --lockfile-only --ignore-scripts --registry $reg >/dev/null)
done
(cd "$out/package-lock-v3" && npm ls --all --package-lock-only --parseable --long | sed "s#$PWD#.#g" > ../npm-ls-all.txt
 npm ls --all --package-lock-only --parseable --long --omit=dev | sed "s#$PWD#.#g" > ../npm-ls-omit-dev.txt
 npm ls --all --package-lock-only | sed "s#$PWD#.#g" > ../npm-ls-tree.txt)
