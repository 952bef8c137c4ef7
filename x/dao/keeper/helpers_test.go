package keeper_test

import sdk "github.com/cosmos/cosmos-sdk/types"

func eventTypes(events sdk.Events) []string {
	out := make([]string, 0, len(events))
	for _, e := range events {
		out = append(out, e.Type)
	}
	return out
}
