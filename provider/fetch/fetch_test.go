package fetch_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/fetch"
)

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

const content = "the job input\n"

func noTemps(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return
	}
	require.NoError(t, err)
	for _, e := range entries {
		require.False(t, strings.HasPrefix(e.Name(), ".fetch-"), "temp file left: %s", e.Name())
	}
}

func TestFetchFile(t *testing.T) {
	src := filepath.Join(t.TempDir(), "data.bin")
	require.NoError(t, os.WriteFile(src, []byte(content), 0o644))
	dir := filepath.Join(t.TempDir(), "in")
	f := fetch.Fetcher{MaxBytes: 1024}

	res, err := f.Fetch(context.Background(), "file://"+src, hashOf(content), dir)
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "data.bin"), res.Path)
	require.Equal(t, int64(len(content)), res.Size)
	require.Equal(t, hashOf(content), res.Hash)
	got, err := os.ReadFile(res.Path)
	require.NoError(t, err)
	require.Equal(t, content, string(got))
	noTemps(t, dir)

	// input_hash is optional on chain: no check, the hash is still reported.
	res, err = f.Fetch(context.Background(), "file://"+src, "", t.TempDir())
	require.NoError(t, err)
	require.Equal(t, hashOf(content), res.Hash)
}

func TestFetchFileErrors(t *testing.T) {
	srcDir := t.TempDir()
	src := filepath.Join(srcDir, "data.bin")
	require.NoError(t, os.WriteFile(src, []byte(content), 0o644))
	ctx := context.Background()
	f := fetch.Fetcher{MaxBytes: int64(len(content))}

	cases := []struct {
		name, uri, hash string
		want            error
	}{
		{"hash mismatch", "file://" + src, hashOf("other"), fetch.ErrHashMismatch},
		{"bad hash", "file://" + src, "md5:00", fetch.ErrBadHash},
		{"remote host", "file://example.com" + src, "", fetch.ErrBadURI},
		{"relative", "file:data.bin", "", fetch.ErrBadURI},
		{"directory", "file://" + srcDir, "", fetch.ErrNotRegular},
		{"missing", "file://" + src + ".nope", "", os.ErrNotExist},
		{"scheme", "ipfs://bafy", "", fetch.ErrUnsupportedScheme},
		{"no scheme", src, "", fetch.ErrUnsupportedScheme},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := f.Fetch(ctx, tc.uri, tc.hash, dir)
			require.ErrorIs(t, err, tc.want)
			_, statErr := os.Stat(filepath.Join(dir, "data.bin"))
			require.True(t, os.IsNotExist(statErr), "nothing stored on failure")
			noTemps(t, dir)
		})
	}

	t.Run("too large", func(t *testing.T) {
		_, err := fetch.Fetcher{MaxBytes: int64(len(content)) - 1}.Fetch(ctx, "file://"+src, "", t.TempDir())
		require.ErrorIs(t, err, fetch.ErrTooLarge)
	})
	t.Run("exactly the maximum", func(t *testing.T) {
		_, err := f.Fetch(ctx, "file://"+src, hashOf(content), t.TempDir())
		require.NoError(t, err)
	})
}

func TestFetchHTTP(t *testing.T) {
	big := strings.Repeat("x", 100)
	mux := http.NewServeMux()
	mux.HandleFunc("/jobs/in.txt", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, content) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, big) })
	// Streams without a Content-Length, so only the byte limit catches it.
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i < 10; i++ {
			fmt.Fprint(w, big)
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, content) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "gone", http.StatusGone) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()
	f := fetch.Fetcher{MaxBytes: 64, Client: srv.Client()}

	dir := t.TempDir()
	res, err := f.Fetch(ctx, srv.URL+"/jobs/in.txt", hashOf(content), dir)
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "in.txt"), res.Path)
	got, err := os.ReadFile(res.Path)
	require.NoError(t, err)
	require.Equal(t, content, string(got))

	res, err = f.Fetch(ctx, srv.URL+"/", hashOf(content), t.TempDir())
	require.NoError(t, err)
	require.Equal(t, fetch.DefaultName, filepath.Base(res.Path), "a URI without a file name")

	for _, tc := range []struct {
		path string
		want error
	}{
		{"/big", fetch.ErrTooLarge},
		{"/big-chunked", fetch.ErrTooLarge},
		{"/gone", fetch.ErrHTTPStatus},
		{"/jobs/in.txt?v=2", nil},
	} {
		dir := t.TempDir()
		_, err := f.Fetch(ctx, srv.URL+tc.path, "", dir)
		if tc.want == nil {
			require.NoError(t, err)
			continue
		}
		require.ErrorIs(t, err, tc.want, tc.path)
		noTemps(t, dir)
	}

	_, err = f.Fetch(ctx, srv.URL+"/jobs/in.txt", hashOf("tampered"), t.TempDir())
	require.ErrorIs(t, err, fetch.ErrHashMismatch)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = f.Fetch(cctx, srv.URL+"/jobs/in.txt", "", t.TempDir())
	require.ErrorIs(t, err, context.Canceled)

	srv.Close()
	_, err = f.Fetch(ctx, srv.URL+"/jobs/in.txt", "", t.TempDir())
	require.Error(t, err, "server down")
}
