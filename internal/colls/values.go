package colls

import (
	"context"

	"cosmossdk.io/collections"
)

// The helpers below read a whole collection (or a range of it) into a
// slice, in key order, as ExportGenesis does. They return nil, not an
// empty slice, for an empty collection, as appending to a nil slice does.

// walker is what collections.Map and collections.IndexedMap share.
type walker[K, V any] interface {
	Walk(ctx context.Context, ranger collections.Ranger[K], walkFunc func(K, V) (bool, error)) error
}

// collect walks m over ranger and gathers f(key, value); an error from f
// stops the walk and is returned.
func collect[K, V, T any](ctx context.Context, m walker[K, V], ranger collections.Ranger[K], f func(K, V) (T, error)) ([]T, error) {
	var out []T
	err := m.Walk(ctx, ranger, func(key K, value V) (bool, error) {
		t, err := f(key, value)
		if err != nil {
			return true, err
		}
		out = append(out, t)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func value[K, V any](_ K, v V) (V, error) { return v, nil }

// Values returns the values of m in key order.
func Values[K, V any](ctx context.Context, m collections.Map[K, V]) ([]V, error) {
	return collect(ctx, m, nil, value[K, V])
}

// ValuesIn returns the values of m within ranger (e.g. a key prefix), in
// key order.
func ValuesIn[K, V any](ctx context.Context, m collections.Map[K, V], ranger collections.Ranger[K]) ([]V, error) {
	return collect(ctx, m, ranger, value[K, V])
}

// IndexedValues returns the values of an indexed map in primary key order.
func IndexedValues[K, V, I any](ctx context.Context, m *collections.IndexedMap[K, V, I]) ([]V, error) {
	return collect(ctx, m, nil, value[K, V])
}

// Collect returns f(key, value) for every entry of m, in key order: for
// exports whose entries carry the key or read other collections.
func Collect[K, V, T any](ctx context.Context, m collections.Map[K, V], f func(K, V) (T, error)) ([]T, error) {
	return collect(ctx, m, nil, f)
}

// Keys returns the keys of a key set in order.
func Keys[K any](ctx context.Context, s collections.KeySet[K]) ([]K, error) {
	var out []K
	err := s.Walk(ctx, nil, func(key K) (bool, error) {
		out = append(out, key)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
