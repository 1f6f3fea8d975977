// Orders each A<TAB>B line of the file in argv[3] with node-semver (argv[2]: its folder), default strict mode.
const semver = require(process.argv[2]);
const lines = require("fs").readFileSync(process.argv[3], "utf8").split("\n").filter((l) => l.length > 0);
const out = lines.map((line) => {
  const [a, b] = line.split("\t");
  if (semver.valid(a) === null || semver.valid(b) === null) {
    return "invalid";
  }
  const c = semver.compare(a, b);
  return c < 0 ? "<" : c > 0 ? ">" : "=";
});
process.stdout.write(out.join("\n") + "\n");
