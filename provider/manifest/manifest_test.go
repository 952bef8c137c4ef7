package manifest_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/manifest"
)

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
}

// vectorDir is the fixed vector documented in provider/README.md.
func vectorDir(t *testing.T) string {
	dir := t.TempDir()
	write(t, dir, "a.txt", "hello\n")
	write(t, dir, "a/b.txt", "world\n")
	write(t, dir, "empty", "")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "emptydir"), 0o755))
	return dir
}

const vectorManifest = "aitbc-manifest-v1\n" +
	"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 6 a.txt\n" +
	"e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317 6 a/b.txt\n" +
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 0 empty\n"

// The hash was computed with sha256sum over the bytes above.
const vectorHash = "sha256:2ac157c4775598dc82f95ba300bc21af019a3d504ccc6e0aaea1fe3691f1084e"

func TestKnownVector(t *testing.T) {
	h, m, err := manifest.HashDir(vectorDir(t))
	require.NoError(t, err)
	// "a.txt" sorts before "a/b.txt" bytewise ('.' < '/') although WalkDir
	// visits the directory "a" first.
	require.Equal(t, vectorManifest, string(m.Bytes()))
	require.Equal(t, vectorHash, h)
	require.Equal(t, vectorHash, manifest.HashBytes([]byte(vectorManifest)))

	e, ok := m.Lookup("a/b.txt")
	require.True(t, ok)
	require.Equal(t, int64(6), e.Size)
	_, ok = m.Lookup("a")
	require.False(t, ok)
}

func TestHashChangesWithContentNameAndSize(t *testing.T) {
	base := vectorHash
	for name, mutate := range map[string]func(dir string){
		"content": func(dir string) { write(t, dir, "a.txt", "hellO\n") },
		"rename": func(dir string) {
			require.NoError(t, os.Rename(filepath.Join(dir, "empty"), filepath.Join(dir, "empty2")))
		},
		"added": func(dir string) { write(t, dir, "emptydir/new", "") },
	} {
		t.Run(name, func(t *testing.T) {
			dir := vectorDir(t)
			mutate(dir)
			h, _, err := manifest.HashDir(dir)
			require.NoError(t, err)
			require.NotEqual(t, base, h)
		})
	}
}

func TestEmptyDir(t *testing.T) {
	h, m, err := manifest.HashDir(t.TempDir())
	require.NoError(t, err)
	require.Empty(t, m.Entries)
	require.Equal(t, manifest.HashBytes([]byte(manifest.Header)), h)
}

func TestRefused(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(outside, []byte("x"), 0o600))

	cases := map[string]func(dir string){
		"symlink to a file outside": func(dir string) { require.NoError(t, os.Symlink(outside, filepath.Join(dir, "link"))) },
		"symlink to a dir outside": func(dir string) {
			require.NoError(t, os.Symlink(filepath.Dir(outside), filepath.Join(dir, "sub")))
		},
		"symlink inside":    func(dir string) { require.NoError(t, os.Symlink("a.txt", filepath.Join(dir, "alias"))) },
		"fifo":              func(dir string) { require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644)) },
		"newline in name":   func(dir string) { write(t, dir, "bad\nname", "") },
		"backslash in name": func(dir string) { write(t, dir, `bad\name`, "") },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			dir := vectorDir(t)
			mutate(dir)
			_, err := manifest.Build(dir)
			require.ErrorIs(t, err, manifest.ErrRefused)
		})
	}

	t.Run("root is a symlink", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "out")
		require.NoError(t, os.Symlink(vectorDir(t), link))
		_, err := manifest.Build(link)
		require.ErrorIs(t, err, manifest.ErrRefused)
	})
	t.Run("missing", func(t *testing.T) {
		_, err := manifest.Build(filepath.Join(t.TempDir(), "nope"))
		require.True(t, errors.Is(err, os.ErrNotExist))
	})
}

func TestParseHash(t *testing.T) {
	hexPart, err := manifest.ParseHash(vectorHash)
	require.NoError(t, err)
	require.Len(t, hexPart, 64)
	for _, bad := range []string{
		"", "sha256:", "md5:" + hexPart, "sha256:" + hexPart[:63], "sha256:" + hexPart + "0",
		"sha256:" + "A" + hexPart[1:], "sha256:../../etc/passwd",
	} {
		_, err := manifest.ParseHash(bad)
		require.Error(t, err, bad)
	}
}
