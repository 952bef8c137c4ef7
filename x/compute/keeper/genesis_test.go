package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/compute"
	"github.com/aitbc/aitbc/x/compute/types"
)

// A genesis carrying a string that cannot be a key (a NUL in a GPU model,
// a control byte in a hash) is refused by `genesis validate` and by
// InitGenesis, before anything is written: imported, it would halt the
// chain at its first EndBlock.
func TestGenesisWithHostileStringsRefused(t *testing.T) {
	f := newLeaseFixture(t)
	attesting := f.leaseJob()
	_, err := f.result(attesting.Id, "sha256:out", 1)
	require.NoError(t, err)
	_, err = f.commit(f.attester[0], attesting.Id, types.VERDICT_VALID, "sha256:out")
	require.NoError(t, err)
	_, err = f.msgs.SubmitJob(f.ctx(), f.jobMsg(f.outsider))
	require.NoError(t, err)
	good, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, good.Validate())
	require.NotEmpty(t, good.Providers)
	require.NotEmpty(t, good.Offers)
	require.Len(t, good.Jobs, 2)
	require.NotEmpty(t, good.Attestations)

	cases := []struct {
		field string
		edit  func(gs *types.GenesisState)
	}{
		{"gpus[0].model", func(gs *types.GenesisState) { gs.Providers[0].Gpus[0].Model = "H100\x00" }},
		{"region", func(gs *types.GenesisState) { gs.Providers[0].Region = "eu\x1b" }},
		{"endpoint", func(gs *types.GenesisState) { gs.Providers[0].Endpoint = "https://a\rb" }},
		{"attributes[0].key", func(gs *types.GenesisState) {
			gs.Providers[0].Attributes = []types.Attribute{{Key: "a\u202eb", Value: "v"}}
		}},
		{"gpu.model", func(gs *types.GenesisState) { gs.Offers[0].Gpu.Model = "H1\x0000" }},
		{"requirements.model", func(gs *types.GenesisState) { gs.Jobs[1].Requirements.Model = "H100\x00" }},
		{"workload.image", func(gs *types.GenesisState) { gs.Jobs[1].Workload.Image = "a\u200bb" }},
		{"workload.args[0]", func(gs *types.GenesisState) { gs.Jobs[1].Workload.Args[0] = "\x00" }},
		{"input_hash", func(gs *types.GenesisState) { gs.Jobs[1].InputHash = " padded " }},
		{"gpu.model", func(gs *types.GenesisState) { gs.Leases[0].Gpu.Model = "H100\x00" }},
		{"output_hash", func(gs *types.GenesisState) { gs.Leases[0].Result.OutputHash = "h\x00" }},
		{"observed_hash", func(gs *types.GenesisState) { gs.Attestations[0].ObservedHash = "h\x00" }},
	}
	cdc := f.app.AppCodec()
	module := compute.NewAppModule(f.k)
	for _, tc := range cases {
		bz := cdc.MustMarshalJSON(good)
		var gs types.GenesisState
		cdc.MustUnmarshalJSON(bz, &gs) // a deep copy
		tc.edit(&gs)

		err := gs.Validate()
		require.ErrorIs(t, err, types.ErrInvalidIdentifier, tc.field)
		require.ErrorContains(t, err, tc.field)
		require.ErrorIs(t, module.ValidateGenesis(cdc, nil, cdc.MustMarshalJSON(&gs)), types.ErrInvalidIdentifier, tc.field)
		fresh := newFixture(t)
		ctx, _ := fresh.ctx().CacheContext()
		require.ErrorIs(t, fresh.k.InitGenesis(ctx, gs), types.ErrInvalidIdentifier, tc.field)
	}
}
