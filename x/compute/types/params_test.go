package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// Every param that bounds per-block work has an upper bound: at the bound
// the params are valid, one above they are refused, naming the param.
func TestParamsBoundPerBlockLimits(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit uint32
		set   func(*types.Params, uint32)
	}{
		{"max_bond_payouts_per_block", types.MaxPerBlockCeiling, func(p *types.Params, v uint32) { p.MaxBondPayoutsPerBlock = v }},
		{"max_job_expiries_per_block", types.MaxPerBlockCeiling, func(p *types.Params, v uint32) { p.MaxJobExpiriesPerBlock = v }},
		{"max_lease_deadlines_per_block", types.MaxPerBlockCeiling, func(p *types.Params, v uint32) { p.MaxLeaseDeadlinesPerBlock = v }},
		{"max_offers_per_provider", types.MaxPerBlockCeiling, func(p *types.Params, v uint32) { p.MaxOffersPerProvider = v }},
		{"max_matches_per_block", types.MaxMatchCeiling, func(p *types.Params, v uint32) { p.MaxMatchesPerBlock = v }},
		{"max_offers_per_match", types.MaxMatchCeiling, func(p *types.Params, v uint32) { p.MaxOffersPerMatch = v }},
		{"committee_size", types.MaxCommitteeSize, func(p *types.Params, v uint32) { p.CommitteeSize = v }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.set(&p, tc.limit)
			require.NoError(t, p.Validate(), "at the bound")
			for _, bad := range []uint32{tc.limit + 1, ^uint32(0), 0} {
				tc.set(&p, bad)
				err := p.Validate()
				require.ErrorIs(t, err, types.ErrInvalidParams, "%d", bad)
				require.Contains(t, err.Error(), tc.name)
			}
		})
	}
}

func TestParamsChangeKeepsTheBondDenom(t *testing.T) {
	current := types.DefaultParams()
	next := current
	next.MinBond = sdk.NewInt64Coin("uaitbc", 5)
	require.NoError(t, current.ValidateChange(next), "the amount may change")
	next.MinBond = sdk.NewInt64Coin("stake", current.MinBond.Amount.Int64())
	require.NoError(t, next.Validate(), "valid on its own")
	require.ErrorIs(t, current.ValidateChange(next), types.ErrBondDenomFixed)
}
