// Package artifacts is the provider's read-only HTTP server for job outputs
// at content-addressed URLs:
//
//	GET /artifacts/<result hash>/manifest   the canonical manifest bytes
//	GET /artifacts/<result hash>/<path>     one output file
//
// Only files listed in a published manifest are served, so a request can
// never reach outside an output directory; a file that changed on disk
// since it was published is refused rather than served under the hash.
package artifacts

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aitbc/aitbc/provider/manifest"
)

// Prefix is the URL path every artifact lives under.
const Prefix = "/artifacts/"

// ManifestName is the path that serves the manifest itself.
const ManifestName = "manifest"

// ErrReservedName refuses an output whose top-level "manifest" file would
// be shadowed by the manifest URL.
var ErrReservedName = errors.New(`output has a top-level file named "manifest", which the artifact URL reserves`)

// ErrHashMismatch is returned by Add when a directory no longer hashes to
// the hash recorded for it.
var ErrHashMismatch = errors.New("output directory does not match its result hash")

type published struct {
	dir      string
	manifest manifest.Manifest
}

// Server serves published outputs; it is safe for concurrent use.
type Server struct {
	mu      sync.RWMutex
	results map[string]published
}

// New returns a server with nothing published.
func New() *Server {
	return &Server{results: map[string]published{}}
}

// Publish hashes dir and serves it under its result hash.
func (s *Server) Publish(dir string) (string, error) {
	return s.publish(dir, "")
}

// Add serves dir under a hash the daemon recorded before a restart; the
// directory must still hash to it.
func (s *Server) Add(hash, dir string) error {
	_, err := s.publish(dir, hash)
	return err
}

func (s *Server) publish(dir, want string) (string, error) {
	hash, m, err := manifest.HashDir(dir)
	if err != nil {
		return "", err
	}
	if want != "" && hash != want {
		return "", fmt.Errorf("%s: %w: got %s, want %s", dir, ErrHashMismatch, hash, want)
	}
	if _, ok := m.Lookup(ManifestName); ok {
		return "", ErrReservedName
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.results[hash] = published{dir: dir, manifest: m}
	return hash, nil
}

// Remove stops serving a result.
func (s *Server) Remove(hash string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.results, hash)
}

// URL is where a published result (path "" for its directory, or
// ManifestName, or a file) is downloaded under baseURL.
func URL(baseURL, hash, path string) string {
	return strings.TrimSuffix(baseURL, "/") + Prefix + hash + "/" + path
}

// HTTPServer is an http.Server for the handler with conservative timeouts.
func (s *Server) HTTPServer(addr string) *http.Server {
	mux := http.NewServeMux()
	mux.Handle(Prefix, s)
	return &http.Server{
		Addr:              addr,
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       time.Minute,
	}
}

// ServeHTTP serves GET and HEAD under Prefix.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "read-only", http.StatusMethodNotAllowed)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	hash, rel, _ := strings.Cut(rest, "/")
	if _, err := manifest.ParseHash(hash); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := checkRel(rel); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.RLock()
	pub, ok := s.results[hash]
	s.mu.RUnlock()
	if !ok {
		http.Error(w, "unknown result hash", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	if rel == ManifestName {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("ETag", `"`+hash+`"`)
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(string(pub.manifest.Bytes())))
		return
	}
	entry, ok := pub.manifest.Lookup(rel)
	if !ok {
		http.Error(w, "no such file in this result", http.StatusNotFound)
		return
	}
	p := filepath.Join(pub.dir, filepath.FromSlash(rel))
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() || st.Size() != entry.Size {
		// Changed since publication: serving it would break the hash.
		http.Error(w, "file changed since it was published", http.StatusGone)
		return
	}
	f, err := os.Open(p)
	if err != nil {
		http.Error(w, "cannot open file", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("ETag", `"sha256:`+entry.SHA256+`"`)
	http.ServeContent(w, r, "", time.Time{}, f)
}

// checkRel refuses anything but a clean relative slash path.
func checkRel(rel string) error {
	if rel == "" {
		return errors.New("missing file path")
	}
	if strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || strings.ContainsRune(rel, 0) {
		return errors.New("invalid path")
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return errors.New("invalid path")
		}
	}
	return nil
}
