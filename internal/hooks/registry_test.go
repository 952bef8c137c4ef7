package hooks_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/internal/hooks"
)

func TestRegistry(t *testing.T) {
	r := hooks.NewRegistry[int]("test hook")
	_, ok := r.Get("a")
	require.False(t, ok)

	r.Register("b", 2)
	r.Register("a", 1)
	got, ok := r.Get("a")
	require.True(t, ok)
	require.Equal(t, 1, got)
	got, ok = r.Get("b")
	require.True(t, ok)
	require.Equal(t, 2, got)

	require.PanicsWithValue(t, `test hook for "a" registered twice`, func() { r.Register("a", 3) })
	require.Panics(t, func() { r.Register("", 3) })
	got, _ = r.Get("a")
	require.Equal(t, 1, got, "a refused registration changes nothing")
}

// Copies of a struct holding the registry see hooks registered after the
// copy was made: the reason keepers hold it by pointer.
func TestRegistrySharedByCopies(t *testing.T) {
	type keeper struct{ hooks *hooks.Registry[string] }
	k := keeper{hooks: hooks.NewRegistry[string]("resolver")}
	copied := k
	k.hooks.Register("x", "late")
	got, ok := copied.hooks.Get("x")
	require.True(t, ok)
	require.Equal(t, "late", got)
}
