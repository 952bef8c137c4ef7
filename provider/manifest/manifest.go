// Package manifest computes the result hash of a job's output directory.
//
// The hash is "sha256:<hex>" over a canonical manifest that lists every
// regular file under the directory with its relative slash path, size and
// sha256. The byte layout is specified in provider/README.md so a consumer
// or an attester recomputes the same hash with standard tools. Symlinks and
// special files are refused: a result must be the files in the directory,
// nothing it points to.
package manifest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Header is the first line of every manifest; it versions the layout.
const Header = "aitbc-manifest-v1\n"

// HashPrefix prefixes every hash the provider reports.
const HashPrefix = "sha256:"

// ErrRefused is returned for output trees the manifest does not cover:
// symlinks, special files, and paths that cannot be written on one line.
var ErrRefused = errors.New("output refused")

// Entry is one file of a manifest.
type Entry struct {
	// Path is relative to the output directory, slash separated.
	Path   string
	Size   int64
	SHA256 string // lowercase hex
}

// Manifest is the sorted list of an output directory's files.
type Manifest struct {
	Entries []Entry
}

// Bytes is the canonical encoding: Header, then one line per entry in
// bytewise path order: "<sha256 hex> <size> <path>\n".
func (m Manifest) Bytes() []byte {
	var b bytes.Buffer
	b.WriteString(Header)
	for _, e := range m.Entries {
		fmt.Fprintf(&b, "%s %d %s\n", e.SHA256, e.Size, e.Path)
	}
	return b.Bytes()
}

// Hash is "sha256:<hex>" of Bytes.
func (m Manifest) Hash() string {
	return HashBytes(m.Bytes())
}

// Lookup returns the entry for a relative slash path.
func (m Manifest) Lookup(path string) (Entry, bool) {
	i := sort.Search(len(m.Entries), func(i int) bool { return m.Entries[i].Path >= path })
	if i < len(m.Entries) && m.Entries[i].Path == path {
		return m.Entries[i], true
	}
	return Entry{}, false
}

// HashBytes is "sha256:<hex>" of b.
func HashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return HashPrefix + hex.EncodeToString(sum[:])
}

// ParseHash checks "sha256:<64 lowercase hex>" and returns the hex part.
func ParseHash(h string) (string, error) {
	hexPart, ok := strings.CutPrefix(h, HashPrefix)
	if !ok {
		return "", fmt.Errorf("hash %q: want prefix %q", h, HashPrefix)
	}
	if len(hexPart) != sha256.Size*2 {
		return "", fmt.Errorf("hash %q: want %d hex digits, got %d", h, sha256.Size*2, len(hexPart))
	}
	for _, c := range hexPart {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", fmt.Errorf("hash %q: not lowercase hex", h)
		}
	}
	return hexPart, nil
}

// Build walks dir and returns its manifest. Empty directories contribute
// nothing; any symlink or non-regular file fails the whole build.
func Build(dir string) (Manifest, error) {
	root, err := os.Lstat(dir)
	if err != nil {
		return Manifest{}, fmt.Errorf("output dir: %w", err)
	}
	if !root.IsDir() {
		return Manifest{}, fmt.Errorf("output dir %s: %w: not a directory", dir, ErrRefused)
	}
	var entries []Entry
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if err := checkPath(rel); err != nil {
			return err
		}
		switch t := d.Type(); {
		case t&fs.ModeSymlink != 0:
			return fmt.Errorf("%s: %w: symlink", rel, ErrRefused)
		case t.IsDir():
			return nil
		case !t.IsRegular():
			return fmt.Errorf("%s: %w: not a regular file (%s)", rel, ErrRefused, t)
		}
		size, sum, err := hashFile(p)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		entries = append(entries, Entry{Path: rel, Size: size, SHA256: sum})
		return nil
	})
	if err != nil {
		return Manifest{}, err
	}
	// WalkDir orders by name within a directory, which is not bytewise order
	// of the full slash path ("a/b" vs "a.txt"); sort explicitly.
	sort.Slice(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })
	return Manifest{Entries: entries}, nil
}

// HashDir is Build(dir).Hash().
func HashDir(dir string) (string, Manifest, error) {
	m, err := Build(dir)
	if err != nil {
		return "", Manifest{}, err
	}
	return m.Hash(), m, nil
}

// checkPath refuses names a line-based manifest cannot carry unambiguously.
func checkPath(rel string) error {
	if !utf8.ValidString(rel) {
		return fmt.Errorf("%q: %w: path is not UTF-8", rel, ErrRefused)
	}
	for _, r := range rel {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return fmt.Errorf("%q: %w: control character or backslash in path", rel, ErrRefused)
		}
	}
	return nil
}

func hashFile(p string) (int64, string, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}
