package keeper_test

import (
	"time"

	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/dao/keeper"
	"github.com/aitbc/aitbc/x/dao/types"
)

func eventTypes(events sdk.Events) []string {
	out := make([]string, 0, len(events))
	for _, e := range events {
		out = append(out, e.Type)
	}
	return out
}

func joinKey(key []byte, i uint64) collections.Pair[[]byte, uint64] {
	return collections.Join(key, i)
}

type collectionsPair = collections.Pair[time.Time, []byte]

func newQuery(f *fixture) types.QueryServer { return keeper.NewQueryServerImpl(f.k) }
