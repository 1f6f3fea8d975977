// Reference verdicts for Go vulnerability records, computed with golang.org/x/mod/semver as the Go
// toolchain vendors it (copied beside this file by the test).
//
// Usage: govulndb_reference ARCHIVE MODULES
// ARCHIVE is a .tar.gz of OSV JSON records; MODULES has "path<TAB>version" lines (versions as Go writes
// them, with the v). Prints "path<TAB>version<TAB>id" for every affected pair. SEMVER ranges are read as
// the OSV schema describes them: sorted events make [introduced, fixed) and [introduced, last_affected]
// intervals; withdrawn records are skipped.
package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"wardenref/semver"
)

type record struct {
	ID        string `json:"id"`
	Withdrawn string `json:"withdrawn"`
	Affected  []struct {
		Package struct {
			Ecosystem string `json:"ecosystem"`
			Name      string `json:"name"`
		} `json:"package"`
		Versions []string `json:"versions"`
		Ranges   []struct {
			Type   string              `json:"type"`
			Events []map[string]string `json:"events"`
		} `json:"ranges"`
	} `json:"affected"`
}

type event struct{ kind, version string }

func v(s string) string {
	if strings.HasPrefix(s, "v") {
		return s
	}
	return "v" + s
}

func inRange(version string, events []map[string]string) bool {
	var evs []event
	for _, e := range events {
		for k, val := range e {
			if k == "limit" {
				continue
			}
			if !(k == "introduced" && val == "0") && !semver.IsValid(v(val)) {
				return false
			}
			evs = append(evs, event{k, val})
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i], evs[j]
		a0, b0 := a.kind == "introduced" && a.version == "0", b.kind == "introduced" && b.version == "0"
		if a0 || b0 {
			return a0 && !b0
		}
		if c := semver.Compare(v(a.version), v(b.version)); c != 0 {
			return c < 0
		}
		return a.kind == "introduced" && b.kind != "introduced"
	})
	open := false
	start := ""
	for _, e := range evs {
		switch e.kind {
		case "introduced":
			if !open {
				open, start = true, e.version
			}
		case "fixed", "last_affected":
			if open {
				above := start == "0" || semver.Compare(v(version), v(start)) >= 0
				c := semver.Compare(v(version), v(e.version))
				if above && (c < 0 || (e.kind == "last_affected" && c == 0)) {
					return true
				}
				open = false
			}
		}
	}
	return open && (start == "0" || semver.Compare(v(version), v(start)) >= 0)
}

func main() {
	modules := map[string][]string{}
	mf, err := os.Open(os.Args[2])
	if err != nil {
		panic(err)
	}
	sc := bufio.NewScanner(mf)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) == 2 {
			modules[f[0]] = append(modules[f[0]], f[1])
		}
	}
	af, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	gz, err := gzip.NewReader(af)
	if err != nil {
		panic(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".json") {
			continue
		}
		var r record
		if err := json.NewDecoder(tr).Decode(&r); err != nil || r.ID == "" || r.Withdrawn != "" {
			continue
		}
		for _, a := range r.Affected {
			if a.Package.Ecosystem != "Go" {
				continue
			}
			for _, version := range modules[a.Package.Name] {
				hit := false
				for _, listed := range a.Versions {
					hit = hit || semver.Compare(v(listed), v(version)) == 0
				}
				for _, rg := range a.Ranges {
					if rg.Type == "SEMVER" || rg.Type == "ECOSYSTEM" {
						hit = hit || inRange(version, rg.Events)
					}
				}
				if hit {
					fmt.Printf("%s\t%s\t%s\n", a.Package.Name, version, r.ID)
				}
			}
		}
	}
}
