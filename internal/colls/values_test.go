package colls_test

import (
	"context"
	"errors"
	"testing"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	storetypes "cosmossdk.io/store/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/testutil"

	"github.com/aitbc/aitbc/internal/colls"
)

type byParity struct {
	Parity *indexes.Multi[uint64, uint64, string]
}

func (i byParity) IndexesList() []collections.Index[uint64, string] {
	return []collections.Index[uint64, string]{i.Parity}
}

type fixture struct {
	ctx     context.Context
	plain   collections.Map[uint64, string]
	pairs   collections.Map[collections.Pair[uint64, string], uint64]
	indexed *collections.IndexedMap[uint64, string, byParity]
	set     collections.KeySet[string]
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey("colls")
	ctx := testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_colls"))
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(key))
	f := fixture{
		ctx:   ctx,
		plain: collections.NewMap(sb, collections.NewPrefix(1), "plain", collections.Uint64Key, collections.StringValue),
		pairs: collections.NewMap(sb, collections.NewPrefix(2), "pairs",
			collections.PairKeyCodec(collections.Uint64Key, collections.StringKey), collections.Uint64Value),
		indexed: collections.NewIndexedMap(sb, collections.NewPrefix(3), "indexed", collections.Uint64Key, collections.StringValue, byParity{
			Parity: indexes.NewMulti(sb, collections.NewPrefix(4), "parity", collections.Uint64Key, collections.Uint64Key,
				func(id uint64, _ string) (uint64, error) { return id % 2, nil }),
		}),
		set: collections.NewKeySet(sb, collections.NewPrefix(5), "set", collections.StringKey),
	}
	_, err := sb.Build()
	require.NoError(t, err)
	return f
}

func TestValuesEmptyIsNil(t *testing.T) {
	f := newFixture(t)
	values, err := colls.Values(f.ctx, f.plain)
	require.NoError(t, err)
	require.Nil(t, values, "an empty collection exports as nil, as the walk-and-append loops did")
	indexed, err := colls.IndexedValues(f.ctx, f.indexed)
	require.NoError(t, err)
	require.Nil(t, indexed)
	keys, err := colls.Keys(f.ctx, f.set)
	require.NoError(t, err)
	require.Nil(t, keys)
	collected, err := colls.Collect(f.ctx, f.pairs, func(k collections.Pair[uint64, string], v uint64) (string, error) { return k.K2(), nil })
	require.NoError(t, err)
	require.Nil(t, collected)
}

func TestValuesInKeyOrder(t *testing.T) {
	f := newFixture(t)
	for _, id := range []uint64{30, 2, 1000, 7} {
		require.NoError(t, f.plain.Set(f.ctx, id, "v"+string(rune('a'+id%26))))
		require.NoError(t, f.indexed.Set(f.ctx, id, "i"+string(rune('a'+id%26))))
	}
	values, err := colls.Values(f.ctx, f.plain)
	require.NoError(t, err)
	require.Equal(t, []string{"vc", "vh", "ve", "vm"}, values) // ids 2, 7, 30, 1000
	indexed, err := colls.IndexedValues(f.ctx, f.indexed)
	require.NoError(t, err)
	require.Equal(t, []string{"ic", "ih", "ie", "im"}, indexed)

	for _, s := range []string{"b", "a", "c"} {
		require.NoError(t, f.set.Set(f.ctx, s))
	}
	keys, err := colls.Keys(f.ctx, f.set)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b", "c"}, keys)
}

func TestValuesInRangeAndCollect(t *testing.T) {
	f := newFixture(t)
	for _, e := range []struct {
		id   uint64
		name string
		v    uint64
	}{{2, "b", 22}, {1, "z", 19}, {2, "a", 21}, {3, "a", 31}} {
		require.NoError(t, f.pairs.Set(f.ctx, collections.Join(e.id, e.name), e.v))
	}
	inTwo, err := colls.ValuesIn(f.ctx, f.pairs, collections.NewPrefixedPairRange[uint64, string](2))
	require.NoError(t, err)
	require.Equal(t, []uint64{21, 22}, inTwo)
	none, err := colls.ValuesIn(f.ctx, f.pairs, collections.NewPrefixedPairRange[uint64, string](9))
	require.NoError(t, err)
	require.Nil(t, none)

	type entry struct {
		ID    uint64
		Name  string
		Value uint64
	}
	all, err := colls.Collect(f.ctx, f.pairs, func(k collections.Pair[uint64, string], v uint64) (entry, error) {
		return entry{k.K1(), k.K2(), v}, nil
	})
	require.NoError(t, err)
	require.Equal(t, []entry{{1, "z", 19}, {2, "a", 21}, {2, "b", 22}, {3, "a", 31}}, all)
}

func TestCollectStopsAtTheFirstError(t *testing.T) {
	f := newFixture(t)
	for id := uint64(1); id <= 5; id++ {
		require.NoError(t, f.pairs.Set(f.ctx, collections.Join(id, "x"), id))
	}
	boom := errors.New("boom")
	calls := 0
	out, err := colls.Collect(f.ctx, f.pairs, func(_ collections.Pair[uint64, string], v uint64) (uint64, error) {
		calls++
		if v == 3 {
			return 0, boom
		}
		return v, nil
	})
	require.ErrorIs(t, err, boom)
	require.Nil(t, out, "a failed read returns no partial export")
	require.Equal(t, 3, calls, "the walk stops at the failing entry")
}
