// Package layout_test checks the import rules of docs/architecture.md on the
// real package graph, so the page and the code cannot drift apart.
package layout_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const mod = "github.com/aitbc/aitbc/"

// crossModule lists every import of one aitbc module's package from
// another module: the constructor edges go through expected-keeper
// interfaces and need no import, so the only imports are of shared types.
var crossModule = map[string]bool{
	"x/compute/types -> x/reputation/types":  true, // outcome kinds recorded by x/compute
	"x/compute/keeper -> x/reputation/types": true, // the deal checker x/compute registers
	"x/sourcedao/keeper -> x/dao/types":      true, // the executing-proposal context value
	"x/agent/simulation -> x/dao/types":      true, // agent wallets lock and vote in simulations
}

type pkg struct {
	ImportPath string
	Imports    []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports", mod+"...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else {
			require.NoError(t, err)
		}
		pkgs = append(pkgs, p)
	}
	require.NotEmpty(t, pkgs)
	return pkgs
}

// layer ranks a package: a package may import only packages of a lower or
// the same rank (and, within x/, only its own module unless listed above).
func layer(path string) int {
	switch {
	case strings.HasPrefix(path, "cmd/"):
		return 4
	case path == "app" || strings.HasPrefix(path, "app/"):
		return 3
	case strings.HasPrefix(path, "provider/"):
		return 3 // the off-chain half of the node: a client of the modules' types
	case path == "testutil" || strings.HasPrefix(path, "testutil/network"):
		return 3 // the test app and networks wire the whole app
	case strings.HasPrefix(path, "x/"):
		return 2
	case strings.HasPrefix(path, "internal/"), strings.HasPrefix(path, "testutil/"):
		return 1
	}
	return 0
}

func moduleOf(path string) string {
	parts := strings.SplitN(path, "/", 3)
	if len(parts) < 2 || parts[0] != "x" {
		return ""
	}
	return parts[0] + "/" + parts[1]
}

func TestImportsRunDown(t *testing.T) {
	var violations []string
	seenCross := map[string]bool{}
	for _, p := range listPackages(t) {
		from := strings.TrimPrefix(p.ImportPath, mod)
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			to := strings.TrimPrefix(imp, mod)
			if layer(to) > layer(from) {
				violations = append(violations, from+" -> "+to+" runs back up")
			}
			// The provider daemon talks to the chain through its messages,
			// events and queries: never the app or a keeper.
			if strings.HasPrefix(from, "provider/") && (layer(to) == 3 && !strings.HasPrefix(to, "provider/") || strings.Contains(to, "/keeper")) {
				violations = append(violations, from+" -> "+to+": the provider daemon reaches the chain only through its types")
			}
			if layer(from) != 2 || moduleOf(to) == "" || moduleOf(to) == moduleOf(from) {
				continue
			}
			edge := from + " -> " + to
			if !crossModule[edge] {
				violations = append(violations, edge+" is a cross-module import docs/architecture.md does not list")
			}
			seenCross[edge] = true
			// A module never imports another module's keeper: constructor
			// edges are expected-keeper interfaces.
			if strings.Contains(to, "/keeper") {
				violations = append(violations, edge+" imports another module's keeper")
			}
		}
	}
	for edge := range crossModule {
		if !seenCross[edge] {
			violations = append(violations, edge+" is listed but no longer imported: update the list and the page")
		}
	}
	sort.Strings(violations)
	require.Empty(t, violations)
}
