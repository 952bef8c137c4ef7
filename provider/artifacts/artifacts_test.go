package artifacts_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/artifacts"
	"github.com/aitbc/aitbc/provider/manifest"
)

func outputDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "result.txt"), []byte("42\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "log.txt"), []byte("ok\n"), 0o644))
	return dir
}

func get(t *testing.T, h http.Handler, method, target string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, "http://x"+target, nil))
	return rec.Code, rec.Body.String()
}

func TestServesPublishedOutputs(t *testing.T) {
	s := artifacts.New()
	dir := outputDir(t)
	hash, err := s.Publish(dir)
	require.NoError(t, err)
	want, m, err := manifest.HashDir(dir)
	require.NoError(t, err)
	require.Equal(t, want, hash)

	srv := httptest.NewServer(s.HTTPServer("").Handler)
	defer srv.Close()
	fetch := func(url string) (int, string, http.Header) {
		resp, err := srv.Client().Get(url)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(body), resp.Header
	}

	code, body, hdr := fetch(artifacts.URL(srv.URL+"/", hash, "result.txt"))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "42\n", body)
	require.Equal(t, "application/octet-stream", hdr.Get("Content-Type"))
	require.Equal(t, "nosniff", hdr.Get("X-Content-Type-Options"))

	code, body, _ = fetch(artifacts.URL(srv.URL, hash, "sub/log.txt"))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "ok\n", body)

	// Anyone can check the manifest against the hash in the URL.
	code, body, _ = fetch(artifacts.URL(srv.URL, hash, artifacts.ManifestName))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, string(m.Bytes()), body)
	require.Equal(t, hash, manifest.HashBytes([]byte(body)))

	code, body = get(t, s, http.MethodHead, artifacts.Prefix+hash+"/result.txt")
	require.Equal(t, http.StatusOK, code)
	require.Empty(t, body)
}

func TestRefusals(t *testing.T) {
	s := artifacts.New()
	dir := outputDir(t)
	hash, err := s.Publish(dir)
	require.NoError(t, err)
	other := "sha256:" + strings.Repeat("0", 64)

	// A file outside the output dir that traversal would reach.
	require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(dir), "secret"), []byte("s"), 0o600))
	// Written after publication: on disk but not in the manifest.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "late.txt"), []byte("late"), 0o644))

	cases := []struct {
		method, path string
		code         int
	}{
		{http.MethodPost, artifacts.Prefix + hash + "/result.txt", http.StatusMethodNotAllowed},
		{http.MethodPut, artifacts.Prefix + hash + "/result.txt", http.StatusMethodNotAllowed},
		{http.MethodDelete, artifacts.Prefix + hash + "/result.txt", http.StatusMethodNotAllowed},
		{http.MethodGet, artifacts.Prefix + hash + "/../secret", http.StatusBadRequest},
		{http.MethodGet, artifacts.Prefix + hash + "/%2e%2e/secret", http.StatusBadRequest},
		{http.MethodGet, artifacts.Prefix + hash + "/sub/../result.txt", http.StatusBadRequest},
		{http.MethodGet, artifacts.Prefix + hash + "//etc/passwd", http.StatusBadRequest},
		{http.MethodGet, artifacts.Prefix + hash + `/sub\log.txt`, http.StatusBadRequest},
		{http.MethodGet, artifacts.Prefix + hash + "/./result.txt", http.StatusBadRequest},
		{http.MethodGet, artifacts.Prefix + hash + "/", http.StatusBadRequest},
		{http.MethodGet, artifacts.Prefix + hash, http.StatusBadRequest},
		{http.MethodGet, artifacts.Prefix + hash + "/sub", http.StatusNotFound},
		{http.MethodGet, artifacts.Prefix + hash + "/late.txt", http.StatusNotFound},
		{http.MethodGet, artifacts.Prefix + other + "/result.txt", http.StatusNotFound},
		{http.MethodGet, artifacts.Prefix + "sha256:abc/result.txt", http.StatusBadRequest},
		{http.MethodGet, artifacts.Prefix + "../secret", http.StatusBadRequest},
		{http.MethodGet, "/other/" + hash + "/result.txt", http.StatusNotFound},
	}
	for _, tc := range cases {
		code, body := get(t, s, tc.method, tc.path)
		require.Equal(t, tc.code, code, "%s %s: %s", tc.method, tc.path, body)
		require.NotContains(t, body, "42")
	}

	// A file swapped for a symlink after publication is never followed.
	p := filepath.Join(dir, "result.txt")
	require.NoError(t, os.Remove(p))
	require.NoError(t, os.Symlink(filepath.Join(filepath.Dir(dir), "secret"), p))
	code, body := get(t, s, http.MethodGet, artifacts.Prefix+hash+"/result.txt")
	require.Equal(t, http.StatusGone, code)
	require.NotContains(t, body, "s\n")

	s.Remove(hash)
	code, _ = get(t, s, http.MethodGet, artifacts.Prefix+hash+"/sub/log.txt")
	require.Equal(t, http.StatusNotFound, code)
}

func TestPublishAndAdd(t *testing.T) {
	s := artifacts.New()
	dir := outputDir(t)
	hash, _, err := manifest.HashDir(dir)
	require.NoError(t, err)

	// After a restart the daemon re-adds what its store recorded.
	require.NoError(t, s.Add(hash, dir))
	code, _ := get(t, s, http.MethodGet, artifacts.Prefix+hash+"/result.txt")
	require.Equal(t, http.StatusOK, code)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "result.txt"), []byte("43\n"), 0o644))
	s2 := artifacts.New()
	require.ErrorIs(t, s2.Add(hash, dir), artifacts.ErrHashMismatch)
	changed, _, err := manifest.HashDir(dir)
	require.NoError(t, err)
	code, _ = get(t, s2, http.MethodGet, artifacts.Prefix+changed+"/result.txt")
	require.Equal(t, http.StatusNotFound, code, "a mismatching dir is not served under any hash")

	reserved := outputDir(t)
	require.NoError(t, os.WriteFile(filepath.Join(reserved, "manifest"), nil, 0o644))
	_, err = s.Publish(reserved)
	require.ErrorIs(t, err, artifacts.ErrReservedName)

	link := outputDir(t)
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(link, "passwd")))
	_, err = s.Publish(link)
	require.ErrorIs(t, err, manifest.ErrRefused)
}
