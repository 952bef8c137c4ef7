package e2e

// Helpers of the harness that do not need a running chain: ports, TOML and
// JSON editing, output tails.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FreePorts returns n distinct TCP ports that are free on 127.0.0.1 now and
// were not returned before by this process.
func FreePorts(n int) ([]int, error) {
	portsMu.Lock()
	defer portsMu.Unlock()
	var ports []int
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			_ = l.Close()
		}
	}()
	for tries := 0; len(ports) < n; tries++ {
		if tries > 100*n {
			return nil, fmt.Errorf("could not find %d free ports on 127.0.0.1", n)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, l)
		p := l.Addr().(*net.TCPAddr).Port
		if usedPorts[p] {
			continue
		}
		usedPorts[p] = true
		ports = append(ports, p)
	}
	return ports, nil
}

var (
	portsMu   sync.Mutex
	usedPorts = map[int]bool{}
)

// EditTOML sets keys of a TOML file in place: edits maps a table name ("" for
// the top level, "api", "grpc-web", ...) to key → value, where the value is
// written verbatim (quote strings: `"tcp://..."`). Every key must already be
// present in its table; comments and layout are kept.
func EditTOML(path string, edits map[string]map[string]string) error {
	bz, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	done := map[string]bool{}
	lines := strings.Split(string(bz), "\n")
	section := ""
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "[") {
			section = strings.Trim(trimmed, "[] \t")
			continue
		}
		keys, ok := edits[section]
		if !ok || trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		eq := strings.Index(trimmed, "=")
		if eq < 0 {
			continue
		}
		key := strings.TrimSpace(trimmed[:eq])
		if val, ok := keys[key]; ok {
			lines[i] = key + " = " + val
			done[section+"\x00"+key] = true
		}
	}
	var missing []string
	for section, keys := range edits {
		for key := range keys {
			if !done[section+"\x00"+key] {
				missing = append(missing, fmt.Sprintf("[%s] %s", section, key))
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: keys not found: %s", path, strings.Join(missing, ", "))
	}
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
}

// Lookup walks a decoded JSON value along a dotted path; numeric parts index
// arrays ("app_state.bank.balances.0.address").
func Lookup(doc any, path string) (any, error) {
	cur := doc
	for _, part := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[part]
			if !ok {
				return nil, fmt.Errorf("%s: no key %q", path, part)
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(v) {
				return nil, fmt.Errorf("%s: bad index %q for an array of %d", path, part, len(v))
			}
			cur = v[i]
		default:
			return nil, fmt.Errorf("%s: %q is not inside an object or array", path, part)
		}
	}
	return cur, nil
}

// LookupString is Lookup for a value that must be a string (or number).
func LookupString(doc any, path string) (string, error) {
	v, err := Lookup(doc, path)
	if err != nil {
		return "", err
	}
	switch s := v.(type) {
	case string:
		return s, nil
	case json.Number:
		return s.String(), nil
	default:
		return "", fmt.Errorf("%s: %T is not a string", path, v)
	}
}

// SetPath sets the value at a dotted path of a JSON object (for
// Options.EditGenesis), e.g.
// SetPath(g, "app_state.dao.params.unlock_period", "60s"). Every parent
// must exist.
func SetPath(doc map[string]any, path string, value any) error {
	i := strings.LastIndex(path, ".")
	parent := any(doc)
	if i >= 0 {
		var err error
		if parent, err = Lookup(doc, path[:i]); err != nil {
			return err
		}
	}
	last := path[i+1:]
	switch p := parent.(type) {
	case map[string]any:
		p[last] = value
	case []any:
		idx, err := strconv.Atoi(last)
		if err != nil || idx < 0 || idx >= len(p) {
			return fmt.Errorf("%s: bad index %q", path, last)
		}
		p[idx] = value
	default:
		return fmt.Errorf("%s: parent is %T, not an object or array", path, parent)
	}
	return nil
}

// decodeJSON decodes the first JSON value in bz, skipping anything before
// it (some commands print a line of text first), with json.Number numbers.
func decodeJSON(bz []byte, out any) error {
	start := bytes.IndexAny(bz, "{[")
	if start < 0 {
		return fmt.Errorf("no JSON in %q", tailString(string(bz), 5))
	}
	dec := json.NewDecoder(bytes.NewReader(bz[start:]))
	dec.UseNumber()
	return dec.Decode(out)
}

// flexInt decodes a JSON integer written as a number or as a string.
type flexInt int64

func (f *flexInt) UnmarshalJSON(bz []byte) error {
	s := strings.Trim(string(bz), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return err
	}
	*f = flexInt(v)
	return nil
}

func hasFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag || strings.HasPrefix(a, flag+"=") {
			return true
		}
	}
	return false
}

// positional returns the first n arguments that are not flags ("" when
// there are fewer). It assumes flags come after the subcommand words.
func positional(args []string, n int) []string {
	words := make([]string, n)
	j := 0
	for _, a := range args {
		if j == n {
			break
		}
		if strings.HasPrefix(a, "-") {
			break
		}
		words[j] = a
		j++
	}
	return words
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func maxPolls(timeout time.Duration) int {
	return int(timeout/pollInterval) + 10
}

// tailFile returns the last n lines of a file (at most its last 256 KiB).
func tailFile(path string, n int) string { return tailFileFrom(path, 0, n) }

// tailFileFrom is tailFile for the part of the file after offset.
func tailFileFrom(path string, offset int64, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	defer f.Close()
	const maxTail = 256 << 10
	if fi, err := f.Stat(); err == nil {
		if fi.Size()-offset > maxTail {
			offset = fi.Size() - maxTail
		}
		_, _ = f.Seek(offset, io.SeekStart)
	}
	bz, _ := io.ReadAll(f)
	return tailString(string(bz), n)
}

func tailString(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("... (%d lines before)", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
