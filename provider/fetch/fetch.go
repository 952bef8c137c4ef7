// Package fetch downloads a job's input (file:// or http(s)://) into a
// directory, bounded in size, and verifies it against the job's input_hash
// ("sha256:<hex>" of the input's bytes).
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/aitbc/aitbc/provider/manifest"
)

// Errors, one per way a fetch fails; each is wrapped with the detail.
var (
	ErrUnsupportedScheme = errors.New("unsupported input URI scheme")
	ErrBadURI            = errors.New("invalid input URI")
	ErrBadHash           = errors.New("invalid input_hash")
	ErrTooLarge          = errors.New("input larger than the configured maximum")
	ErrHashMismatch      = errors.New("input does not match input_hash")
	ErrHTTPStatus        = errors.New("input server answered with an error status")
	ErrNotRegular        = errors.New("input is not a regular file")
)

// DefaultName is the file name used when the URI's path has none.
const DefaultName = "input"

// Fetcher fetches inputs; the zero Client means http.DefaultClient.
type Fetcher struct {
	MaxBytes int64
	Client   *http.Client
}

// Result is a fetched input.
type Result struct {
	// Path is <dir>/<last element of the URI path>, or <dir>/input.
	Path string
	Size int64
	// Hash is "sha256:<hex>" of the bytes, computed whether or not the job
	// gave an input_hash.
	Hash string
}

// Fetch stores uri's content in dir. When wantHash is set the content must
// hash to it; an empty wantHash (input_hash is optional on chain) skips the
// check. On any error no file is left at Result.Path.
func (f Fetcher) Fetch(ctx context.Context, uri, wantHash, dir string) (Result, error) {
	if f.MaxBytes <= 0 {
		return Result{}, fmt.Errorf("fetch: max bytes %d must be positive", f.MaxBytes)
	}
	if wantHash != "" {
		if _, err := manifest.ParseHash(wantHash); err != nil {
			return Result{}, fmt.Errorf("%w: %w", ErrBadHash, err)
		}
	}
	u, err := url.Parse(uri)
	if err != nil {
		return Result{}, fmt.Errorf("%w %q: %w", ErrBadURI, uri, err)
	}
	var body io.ReadCloser
	switch u.Scheme {
	case "file":
		body, err = f.openFile(u)
	case "http", "https":
		body, err = f.get(ctx, u)
	default:
		return Result{}, fmt.Errorf("%w %q in %q: want file, http or https", ErrUnsupportedScheme, u.Scheme, uri)
	}
	if err != nil {
		return Result{}, err
	}
	defer body.Close()

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("fetch: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".fetch-*")
	if err != nil {
		return Result{}, fmt.Errorf("fetch: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(body, f.MaxBytes+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Result{}, fmt.Errorf("fetch %s: reading: %w", uri, err)
	}
	if n > f.MaxBytes {
		return Result{}, fmt.Errorf("fetch %s: %w (%d bytes)", uri, ErrTooLarge, f.MaxBytes)
	}
	got := manifest.HashPrefix + hex.EncodeToString(h.Sum(nil))
	if wantHash != "" && got != wantHash {
		return Result{}, fmt.Errorf("fetch %s: %w: got %s, want %s", uri, ErrHashMismatch, got, wantHash)
	}
	dst := filepath.Join(dir, fileName(u))
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return Result{}, fmt.Errorf("fetch: %w", err)
	}
	return Result{Path: dst, Size: n, Hash: got}, nil
}

func (f Fetcher) openFile(u *url.URL) (io.ReadCloser, error) {
	if u.Host != "" && u.Host != "localhost" {
		return nil, fmt.Errorf("%w %q: file URIs must be local (file:///path)", ErrBadURI, u.String())
	}
	if u.Path == "" || !path.IsAbs(u.Path) {
		return nil, fmt.Errorf("%w %q: file URIs need an absolute path", ErrBadURI, u.String())
	}
	p := filepath.FromSlash(u.Path)
	fh, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	if !st.Mode().IsRegular() {
		fh.Close()
		return nil, fmt.Errorf("fetch %s: %w (%s)", u, ErrNotRegular, st.Mode().Type())
	}
	if st.Size() > f.MaxBytes {
		fh.Close()
		return nil, fmt.Errorf("fetch %s: %w (%d > %d bytes)", u, ErrTooLarge, st.Size(), f.MaxBytes)
	}
	return fh, nil
}

func (f Fetcher) get(ctx context.Context, u *url.URL) (io.ReadCloser, error) {
	if u.Host == "" {
		return nil, fmt.Errorf("%w %q: no host", ErrBadURI, u.String())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w", ErrBadURI, u.String(), err)
	}
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("fetch %s: %w: %s", u, ErrHTTPStatus, resp.Status)
	}
	if resp.ContentLength > f.MaxBytes {
		resp.Body.Close()
		return nil, fmt.Errorf("fetch %s: %w (%d > %d bytes)", u, ErrTooLarge, resp.ContentLength, f.MaxBytes)
	}
	return resp.Body, nil
}

// fileName is the last element of the URI path when it is a plain name.
func fileName(u *url.URL) string {
	name := path.Base(u.Path)
	if name == "." || name == ".." || name == "/" || name == "" || strings.HasPrefix(name, ".fetch-") {
		return DefaultName
	}
	return name
}
