package keeper_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/internal/ident"
	"github.com/aitbc/aitbc/testutil/hostile"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// Every hostile string as a project's name (the key of the latest-version
// map) or description URI: ValidateBasic and the keeper refuse exactly
// what the identifier and text rules refuse, and store nothing then.
func TestCreateProjectHostileStrings(t *testing.T) {
	f := newFixture(t)
	f.ready()
	params, err := f.k.Params.Get(f.ctx())
	require.NoError(t, err)
	for i, s := range hostile.Strings {
		msg := f.createMsg(f.core, s, 1, 1_000)
		_, err := f.tryCreate(msg)
		switch {
		case ident.Check("name", s, ident.MaxLength) != nil:
			require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidIdentifier, "name %q", s)
			require.ErrorIs(t, err, types.ErrInvalidIdentifier, "name %q", s)
		case len(s) > int(params.MaxNameLength):
			require.NoError(t, msg.ValidateBasic(), "name %q", s)
			require.ErrorIs(t, err, types.ErrInvalidIdentifier, "name %q over max_name_length", s)
		default:
			require.NoError(t, err, "name %q", s)
		}
		if err != nil {
			has, herr := f.k.LatestVersions.Has(f.ctx(), s)
			require.NoError(t, herr)
			require.False(t, has, "a refused name is no key")
		}

		msg = f.createMsg(f.core, fmt.Sprintf("uri-%d", i), 1, 1_000)
		msg.DescriptionUri = s
		_, err = f.tryCreate(msg)
		switch {
		case ident.CheckText("description_uri", s, 0) != nil:
			require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidProject, "uri %q", s)
			require.ErrorIs(t, err, types.ErrInvalidProject, "uri %q", s)
		case len(s) > int(params.MaxUriLength):
			require.NoError(t, msg.ValidateBasic(), "uri %q", s)
			require.ErrorIs(t, err, types.ErrInvalidProject, "uri %q over max_uri_length", s)
		default:
			require.NoError(t, msg.ValidateBasic(), "uri %q", s)
			require.NoError(t, err, "uri %q", s)
		}
	}
	f.check()
}

func TestApproveAndAcceptanceValidateBasic(t *testing.T) {
	digest := strings.Repeat("ab", 32)
	ok := types.MsgApproveProject{Phase: types.APPROVAL_PHASE_CREATION, Digest: digest}
	require.NoError(t, ok.ValidateBasic())
	for _, s := range append(hostile.Strings, strings.ToUpper(digest), digest[1:], digest+"0") {
		msg := ok
		msg.Digest = s
		require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidIdentifier, "digest %q", s)
	}
	msg := ok
	msg.Phase = types.APPROVAL_PHASE_UNSPECIFIED
	require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidApproval)

	acc := types.MsgSubmitAcceptance{Level: types.ACCEPTANCE_LEVEL_GOOD}
	require.NoError(t, acc.ValidateBasic())
	acc.Level = types.AcceptanceLevel(99)
	require.ErrorIs(t, acc.ValidateBasic(), types.ErrInvalidAcceptance)
}

// Stage names in params are identifiers, and max_name_length cannot lift
// a project name over the identifier limit.
func TestParamsHostileStageNames(t *testing.T) {
	for _, s := range hostile.Strings {
		p := types.DefaultParams()
		p.Stages[0].Name = s
		msg := types.MsgUpdateParams{Params: p}
		if ident.Check("stage", s, types.MaxStageNameLength) != nil {
			require.ErrorIs(t, p.Validate(), types.ErrInvalidParams, "stage %q", s)
			require.ErrorContains(t, p.Validate(), "stages[0].name")
			require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidParams)
		} else {
			require.NoError(t, p.Validate(), "stage %q", s)
		}
	}
	p := types.DefaultParams()
	p.MaxNameLength = ident.MaxLength + 1
	require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
	p.MaxNameLength = ident.MaxLength
	require.NoError(t, p.Validate())
}

// Genesis refuses hostile project strings and names.
func TestGenesisHostileStrings(t *testing.T) {
	f := newFixture(t)
	f.ready()
	id := f.create(f.core, "indexer", 1, 1_000)
	f.approveCreation(id)
	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())

	for name, tc := range map[string]struct {
		edit func(gs *types.GenesisState)
		want error
	}{
		"project name":      {func(gs *types.GenesisState) { gs.Projects[0].Name = "H100\x00" }, types.ErrInvalidGenesis},
		"long name":         {func(gs *types.GenesisState) { gs.Projects[0].Name = strings.Repeat("n", 65) }, types.ErrInvalidGenesis},
		"description uri":   {func(gs *types.GenesisState) { gs.Projects[0].DescriptionUri = "https://x/\x1b" }, types.ErrInvalidGenesis},
		"reason":            {func(gs *types.GenesisState) { gs.Projects[0].Reason = "\x00" }, types.ErrInvalidGenesis},
		"creation digest":   {func(gs *types.GenesisState) { gs.Projects[0].CreationDigest = "zz" }, types.ErrInvalidGenesis},
		"latest version":    {func(gs *types.GenesisState) { gs.LatestVersions[0].Name = "a\u200bb\x00" }, types.ErrInvalidGenesis},
		"duplicate version": {func(gs *types.GenesisState) { gs.LatestVersions = append(gs.LatestVersions, gs.LatestVersions[0]) }, types.ErrInvalidGenesis},
		"stage name":        {func(gs *types.GenesisState) { gs.Params.Stages[0].Name = "\u202egnp" }, types.ErrInvalidParams},
	} {
		gs, err := f.k.ExportGenesis(f.ctx())
		require.NoError(t, err)
		tc.edit(gs)
		require.ErrorIs(t, gs.Validate(), tc.want, name)
	}
}

// A proposal carrying a sourcedao message with a malformed digest is
// refused at submission, by the message's own ValidateBasic, before any
// bond is taken.
func TestProposalWithHostileApprovalIsRefused(t *testing.T) {
	d := newDaoFlow(t)
	d.ready()
	id := d.create(d.core, "indexer", 1, 1_000)
	before := d.balance(d.members[0])
	_, err := d.submitProposal(daotypes.ClassRoutine, &types.MsgApproveProject{
		Authority: d.authority, ProjectId: id, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: "ab\x00",
	})
	require.ErrorIs(t, err, daotypes.ErrInvalidProposalMsg)
	require.ErrorContains(t, err, "digest")
	require.Equal(t, before, d.balance(d.members[0]), "no bond taken")
}
