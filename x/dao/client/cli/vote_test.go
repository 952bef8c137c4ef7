package cli_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/aitbc/aitbc/x/dao/client/cli"
	"github.com/aitbc/aitbc/x/dao/types"
)

func TestParseWeightedVoteOptions(t *testing.T) {
	dec := math.LegacyMustNewDecFromStr
	got, err := cli.ParseWeightedVoteOptions("yes=0.7, no=0.3")
	require.NoError(t, err)
	require.Equal(t, []types.WeightedVoteOption{
		{Option: types.VOTE_OPTION_YES, Weight: dec("0.7")},
		{Option: types.VOTE_OPTION_NO, Weight: dec("0.3")},
	}, got)

	got, err = cli.ParseWeightedVoteOptions("VOTE_OPTION_ABSTAIN=0.25,veto=0.25,No_With_Veto=0.5")
	require.ErrorIs(t, err, types.ErrInvalidVote, "veto and no_with_veto are one option")
	require.Nil(t, got)

	got, err = cli.ParseWeightedVoteOptions("VOTE_OPTION_ABSTAIN=0.25,no_with_veto=0.75")
	require.NoError(t, err)
	require.Equal(t, []types.WeightedVoteOption{
		{Option: types.VOTE_OPTION_ABSTAIN, Weight: dec("0.25")},
		{Option: types.VOTE_OPTION_NO_WITH_VETO, Weight: dec("0.75")},
	}, got)

	for in, want := range map[string]string{
		"yes":                       "want option=weight",
		"maybe=1":                   "want yes, abstain, no or no_with_veto",
		"VOTE_OPTION_UNSPECIFIED=1": "want yes, abstain, no or no_with_veto",
		"yes=0,6":                   "want option=weight",
		"yes=six":                   "want a decimal",
		"yes=0.6,no=0.3":            "add up to 1",
		"yes=1.5,no=-0.5":           "must be in (0, 1]",
		"yes=0.5,yes=0.5":           "given twice",
	} {
		_, err := cli.ParseWeightedVoteOptions(in)
		require.ErrorContains(t, err, want, in)
	}
}
