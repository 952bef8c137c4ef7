package simops_test

import (
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/aitbc/aitbc/testutil/simops"
)

var (
	errA = errorsmod.Register("simops_test", 2, "a")
	errB = errorsmod.Register("simops_test", 3, "b")
)

func TestCleanTellsRegisteredErrorsFromPanicsAndInternalOnes(t *testing.T) {
	require.NoError(t, simops.Clean(nil))
	require.NoError(t, simops.Clean(errorsmod.Wrap(errA, "context")))
	require.NoError(t, simops.Clean(sdkerrors.ErrInsufficientFunds))
	for _, err := range []error{
		errorsmod.Wrap(sdkerrors.ErrPanic, "recovered: boom"),
		errors.New("collections: encoding error"),
		fmt.Errorf("wrapped: %w", errors.New("internal")),
	} {
		require.ErrorIs(t, simops.Clean(err), simops.ErrUnclean, "%v", err)
	}
}

func TestTolerateAcceptsSuccessAndListedErrorsOnly(t *testing.T) {
	h := simops.Tolerate(errA)
	require.NoError(t, h(nil))
	require.NoError(t, h(errorsmod.Wrap(errA, "x")))
	require.Error(t, h(errB))
	require.Error(t, h(errors.New("internal")))
}

func TestMustFailRefusesSuccessAndOtherErrors(t *testing.T) {
	h := simops.MustFail(errA)
	require.Error(t, h(nil))
	require.NoError(t, h(errorsmod.Wrap(errA, "x")))
	require.Error(t, h(errB))
}

func TestHostileAndRefused(t *testing.T) {
	require.NoError(t, simops.Hostile(nil))
	require.NoError(t, simops.Hostile(errB))
	require.Error(t, simops.Hostile(sdkerrors.ErrPanic))
	require.Error(t, simops.Refused(nil))
	require.NoError(t, simops.Refused(errB))
	require.Error(t, simops.Refused(errors.New("internal")))
}

func TestHostileTextTravelsInATransaction(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	nul := 0
	for range 2000 {
		for _, s := range []string{simops.Text(r, "H100"), simops.BadText(r, "H100"), simops.KeyText(r, "H100")} {
			require.True(t, utf8.ValidString(s), "%q", s)
		}
		require.NotEqual(t, "H100", simops.BadText(r, "H100"))
		if strings.Contains(simops.KeyText(r, "H100"), "\x00") {
			nul++
		}
	}
	require.Greater(t, nul, 900, "half of the key texts carry a NUL")
}
