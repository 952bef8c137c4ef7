package keeper_test

import (
	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

type collectionsPair = collections.Pair[string, sdk.AccAddress]
