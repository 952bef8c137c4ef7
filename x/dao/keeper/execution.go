package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/msgexec"
	"github.com/aitbc/aitbc/x/dao/types"
)

// runProposalMsgs runs a proposal's messages as the dao authority through
// the chain's executor, within max_execution_gas: the one path of both the
// execution of a passed proposal and the dry run at submission, so what the
// dry run accepts is what execution would have run.
func (k Keeper) runProposalMsgs(ctx sdk.Context, executing types.ExecutingProposal, msgs []sdk.Msg, params types.Params) error {
	authority, err := k.addressCodec.StringToBytes(k.authority)
	if err != nil {
		return err
	}
	gasLimit := params.MaxExecutionGas
	if gasLimit == 0 {
		// Params stored before the field existed; never run unmetered.
		gasLimit = types.DefaultMaxExecutionGas
	}
	_, err = k.executor.Run(ctx, authority, msgs, msgexec.Options{
		GasLimit: gasLimit,
		Before:   func(c sdk.Context) sdk.Context { return types.WithExecutingProposal(c, executing) },
	})
	return err
}

// dryRun executes a submitted proposal's messages on a throw-away branch of
// the state, so a proposal whose messages fail today is refused before its
// bond is taken (x/gov lacks this, cosmos-sdk #24100). Nothing of the run
// is kept: its writes and events are discarded with the branch. Its gas,
// at most max_execution_gas, is charged to the submitter's transaction: it
// is real work. Execution checks again, since state moves in between.
func (k Keeper) dryRun(ctx context.Context, msgs []sdk.Msg, class types.ProposalClass, params types.Params) error {
	if len(msgs) == 0 {
		return nil
	}
	id, err := k.ProposalSeq.Peek(ctx)
	if err != nil {
		return err
	}
	// CacheContext gives the branch its own event manager; never calling
	// its write function discards both writes and events.
	branch, _ := sdk.UnwrapSDKContext(ctx).CacheContext()
	executing := types.ExecutingProposal{Id: id, Class: class.Name, Rank: class.Rank}
	if err := k.runProposalMsgs(branch, executing, msgs, params); err != nil {
		// The executor's error names the failing message's index and type.
		return errorsmod.Wrap(types.ErrDryRunFailed, err.Error())
	}
	return nil
}
