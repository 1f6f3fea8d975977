// Orders each A<TAB>B line of the file in os.Args[1] with golang.org/x/mod/semver, the copy the Go
// toolchain vendors (the test builds this next to it; Warden's repository holds only this file).
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"wardenref/semver"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	in := bufio.NewScanner(f)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		p := strings.SplitN(in.Text(), "\t", 2)
		if !semver.IsValid(p[0]) || !semver.IsValid(p[1]) {
			fmt.Fprintln(out, "invalid")
			continue
		}
		switch c := semver.Compare(p[0], p[1]); {
		case c < 0:
			fmt.Fprintln(out, "<")
		case c > 0:
			fmt.Fprintln(out, ">")
		default:
			fmt.Fprintln(out, "=")
		}
	}
}
