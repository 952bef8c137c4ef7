// Command chainmeta writes the chain metadata files generated from
// chain/chain.go: the localnet's chain-registry chain.json and
// assetlist.json, its Keplr chain suggestion and clients/ts/src/chain-info.ts.
//
//	go run ./tools/chainmeta            # from the repository root
//	go run ./tools/chainmeta -root DIR
//
// It is a build-time tool, not an aitbcd subcommand: it writes into the
// source tree, which a node operator's binary has no business doing, and
// chain/chain_test.go fails when the committed files differ from its output.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aitbc/aitbc/chain"
)

func main() {
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "chainmeta:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	if _, err := os.Stat(filepath.Join(root, "chain", "chain.go")); err != nil {
		return fmt.Errorf("%s is not the repository root (no chain/chain.go): %w", root, err)
	}
	files, err := chain.Files()
	if err != nil {
		return err
	}
	for _, f := range files {
		path := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", f.Path)
	}
	return nil
}
