package cmd

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/x/feegrant"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
)

func TestAuthorizeMsgsGrantsEveryProviderMessageAndTheFees(t *testing.T) {
	op := sdk.AccAddress(bytes.Repeat([]byte{1}, 20))
	hot := sdk.AccAddress(bytes.Repeat([]byte{2}, 20))
	msgs, err := authorizeMsgs(op, hot, 1_900_000_000, "5000000uaitbc", true)
	require.NoError(t, err)
	require.Len(t, msgs, len(providerMsgTypes)+1)

	// One generic authz grant per message the daemon sends, in list order,
	// from the operator to the hot key, with the expiration.
	for i, m := range providerMsgTypes {
		g, ok := msgs[i].(*authz.MsgGrant)
		require.True(t, ok, "message %d is %T, want *authz.MsgGrant", i, msgs[i])
		require.Equal(t, op.String(), g.Granter)
		require.Equal(t, hot.String(), g.Grantee)
		a, err := g.GetAuthorization()
		require.NoError(t, err)
		require.Equal(t, m, a.MsgTypeURL())
		require.IsType(t, &authz.GenericAuthorization{}, a)
		require.NotNil(t, g.Grant.Expiration)
		require.Equal(t, time.Unix(1_900_000_000, 0).UTC(), *g.Grant.Expiration)
	}

	// Last, the fee grant: only MsgExec, capped at the spend limit.
	fg, ok := msgs[len(msgs)-1].(*feegrant.MsgGrantAllowance)
	require.True(t, ok, "last message is %T, want *feegrant.MsgGrantAllowance", msgs[len(msgs)-1])
	require.Equal(t, op.String(), fg.Granter)
	require.Equal(t, hot.String(), fg.Grantee)
	allowance, err := fg.GetFeeAllowanceI()
	require.NoError(t, err)
	allowed, ok := allowance.(*feegrant.AllowedMsgAllowance)
	require.True(t, ok, "allowance is %T", allowance)
	require.Equal(t, []string{feegrantAllowedMsg}, allowed.AllowedMessages)
	inner, err := allowed.GetAllowance()
	require.NoError(t, err)
	basic, ok := inner.(*feegrant.BasicAllowance)
	require.True(t, ok, "inner allowance is %T", inner)
	require.Equal(t, sdk.NewCoins(sdk.NewInt64Coin("uaitbc", 5_000_000)), basic.SpendLimit)
	require.Nil(t, basic.Expiration)
}

func TestAuthorizeMsgsOptions(t *testing.T) {
	op := sdk.AccAddress(bytes.Repeat([]byte{1}, 20))
	hot := sdk.AccAddress(bytes.Repeat([]byte{2}, 20))

	// No expiration, no limit: grants that last until revoked.
	msgs, err := authorizeMsgs(op, hot, 0, "", true)
	require.NoError(t, err)
	require.Nil(t, msgs[0].(*authz.MsgGrant).Grant.Expiration)
	allowance, err := msgs[len(msgs)-1].(*feegrant.MsgGrantAllowance).GetFeeAllowanceI()
	require.NoError(t, err)
	inner, err := allowance.(*feegrant.AllowedMsgAllowance).GetAllowance()
	require.NoError(t, err)
	require.True(t, inner.(*feegrant.BasicAllowance).SpendLimit.IsZero())

	// --fee-grant=false: the authz grants only.
	msgs, err = authorizeMsgs(op, hot, 0, "", false)
	require.NoError(t, err)
	require.Len(t, msgs, len(providerMsgTypes))
	for _, m := range msgs {
		require.IsType(t, &authz.MsgGrant{}, m)
	}

	_, err = authorizeMsgs(op, hot, 0, "five", true)
	require.ErrorContains(t, err, "fee-spend-limit")
	_, err = authorizeMsgs(op, op, 0, "", true)
	require.ErrorContains(t, err, "operator itself")
	_, err = authorizeMsgs(nil, hot, 0, "", true)
	require.ErrorContains(t, err, "--from")
}

func TestProviderAuthorizeHelpHasTheCommand(t *testing.T) {
	out, err := runProviderCmd(t, t.TempDir(), "authorize", "--help")
	require.NoError(t, err)
	for _, s := range []string{"--from", "--generate-only", "--fee-grant", "one transaction"} {
		require.Contains(t, out, s)
	}
}
