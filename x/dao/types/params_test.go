package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Every per-block limit is in [1, MaxPerBlockCeiling]: zero would stop a
// queue, an unbounded one would let a proposal stall EndBlock.
func TestParamsPerBlockLimitsAreBounded(t *testing.T) {
	limits := map[string]func(*types.Params) *uint32{
		"max_unlocks_per_block":         func(p *types.Params) *uint32 { return &p.MaxUnlocksPerBlock },
		"max_vesting_updates_per_block": func(p *types.Params) *uint32 { return &p.MaxVestingUpdatesPerBlock },
		"max_proposals_per_block":       func(p *types.Params) *uint32 { return &p.MaxProposalsPerBlock },
		"max_prunes_per_block":          func(p *types.Params) *uint32 { return &p.MaxPrunesPerBlock },
	}
	for _, name := range []string{"max_unlocks_per_block", "max_vesting_updates_per_block", "max_proposals_per_block", "max_prunes_per_block"} {
		t.Run(name, func(t *testing.T) {
			for value, ok := range map[uint32]bool{0: false, 1: true, types.MaxPerBlockCeiling: true, types.MaxPerBlockCeiling + 1: false} {
				p := types.DefaultParams()
				*limits[name](&p) = value
				err := p.Validate()
				if ok {
					require.NoError(t, err, "%s = %d", name, value)
					continue
				}
				require.ErrorIs(t, err, types.ErrInvalidParams, "%s = %d", name, value)
				require.ErrorContains(t, err, name)
			}
		})
	}
}
