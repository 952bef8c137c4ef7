// Package simops holds what the simulation operations of the AITBC modules
// share: the delivery result handlers that decide which outcomes a run
// accepts, hostile text that can still travel in a transaction, and
// read-only access to the state a message factory builds from.
//
// Every factory of our modules delivers a message: when the state offers
// nothing to act on (no proposal, no lease), it sends one that must be
// refused (an unknown id) instead of skipping. simsx runs each factory on a
// goroutine that it abandons when the factory skips, so factories that
// never skip also never leak one.
package simops

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand"
	"strings"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/aitbc/aitbc/testutil/hostile"
)

// Factory is a message factory whose delivery outcome is judged by the
// handler it returns with each message.
func Factory[T sdk.Msg](f simsx.FactoryMethodWithDeliveryResultHandler[T]) simsx.SimMsgFactoryX {
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(f)
}

// ErrUnclean marks a delivery error no client can act on: a recovered
// panic, or an error that is no registered sentinel (ABCI code 1 in the
// undefined codespace, e.g. a collections encoding error).
var ErrUnclean = errors.New("delivery failed with a panic or an unregistered error")

// Clean returns nil for nil and for a registered error, and wraps
// ErrUnclean around a recovered panic or an unregistered error.
func Clean(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sdkerrors.ErrPanic) {
		return fmt.Errorf("%w: %w", ErrUnclean, err)
	}
	codespace, code, _ := errorsmod.ABCIInfo(err, false)
	if codespace == errorsmod.UndefinedCodespace && code == 1 {
		return fmt.Errorf("%w: %w", ErrUnclean, err)
	}
	return nil
}

// Tolerate accepts success and the listed errors: the refusals a plausible
// message may meet because the factory cannot foresee every rule (a power
// snapshot, a capacity check). Any other outcome fails the run.
func Tolerate(errs ...*errorsmod.Error) simsx.SimDeliveryResultHandler {
	return func(err error) error {
		if err == nil || isOf(err, errs) {
			return nil
		}
		return fmt.Errorf("unexpected refusal of a plausible message: %w", err)
	}
}

// MustFail accepts only a refusal with one of the listed errors: the message
// breaks a rule (a non-authority signer, an unknown id). Success fails the
// run, and so does any other error.
func MustFail(errs ...*errorsmod.Error) simsx.SimDeliveryResultHandler {
	return func(err error) error {
		switch {
		case err == nil:
			return errors.New("a message that breaks a rule was accepted")
		case isOf(err, errs):
			return nil
		}
		return fmt.Errorf("refused with an unexpected error: %w", err)
	}
}

// Hostile accepts success and any refusal a client can act on; a panic or
// an unregistered error fails the run. Hostile messages are expected to be
// refused, but values drawn from the hostile generators are sometimes valid.
func Hostile(err error) error { return Clean(err) }

func isOf(err error, errs []*errorsmod.Error) bool {
	for _, e := range errs {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// Text returns valid most of the time, else a hostile string (control
// bytes, bidi overrides, oversized text). Invalid UTF-8 is replaced: the tx
// decoder refuses it, so it never reaches a handler through a transaction.
func Text(r *rand.Rand, valid string) string {
	return strings.ToValidUTF8(hostile.String(r, valid), "\uFFFD")
}

// RawText is Text without the UTF-8 repair, for strings nested inside a
// message (a proposal's or an exec's messages) that the tx decoder does not
// look into.
func RawText(r *rand.Rand, valid string) string { return hostile.String(r, valid) }

// Word returns a short printable identifier from a small vocabulary, so
// independent operations name the same things (models, capabilities).
func Word(r *rand.Rand, vocabulary []string) string { return vocabulary[r.Intn(len(vocabulary))] }

// Pick returns a random element of items; ok is false when it is empty.
func Pick[T any](r *rand.Rand, items []T) (item T, ok bool) {
	if len(items) == 0 {
		return item, false
	}
	return items[r.Intn(len(items))], true
}

// ReadContext is a branch of the operation's context that is never
// written back: factories read state through keeper methods, some of which
// record lazily computed values, and no such write may happen outside a
// transaction.
func ReadContext(ctx context.Context) sdk.Context {
	cacheCtx, _ := sdk.UnwrapSDKContext(ctx).CacheContext()
	return cacheCtx
}

// Account returns the simulation account with the bech32 address, if the
// simulation holds its key. Unlike ChainDataSource.GetAccount it never
// skips the operation.
func Account(data *simsx.ChainDataSource, bech32 string) (simsx.SimAccount, bool) {
	if !data.HasAccount(bech32) {
		return simsx.SimAccount{}, false
	}
	return data.GetAccount(noSkip{}, bech32), true
}

// Signers is the one-signer list a factory returns.
func Signers(a simsx.SimAccount) []simsx.SimAccount { return []simsx.SimAccount{a} }

// noSkip is a reporter for lookups that were checked to succeed.
type noSkip struct{ simsx.SimulationReporter }

func (noSkip) Skipf(string, ...any) {}
func (noSkip) Skip(string)          {}

// Simulated blocks are 5,000 to 10,000 seconds apart (x/simulation), so a
// run of tens of blocks covers days. Genesis generators draw periods in
// hours with Hours, so deadlines fall inside a run.

// Hours returns a random duration from lo to hi hours, in whole minutes.
func Hours(r *rand.Rand, lo, hi int) time.Duration {
	if hi <= lo {
		return time.Duration(lo) * time.Hour
	}
	return time.Duration(lo)*time.Hour + time.Duration(r.Intn((hi-lo)*60+1))*time.Minute
}

// Percent returns a random fraction from lo to hi percent.
func Percent(r *rand.Rand, lo, hi int) math.LegacyDec {
	if hi <= lo {
		return math.LegacyNewDecWithPrec(int64(lo), 2)
	}
	return math.LegacyNewDecWithPrec(int64(lo+r.Intn(hi-lo+1)), 2)
}

// Tokens returns a random amount from lo to hi whole tokens of 10^6 base
// units.
func Tokens(r *rand.Rand, lo, hi int64) math.Int {
	n := lo
	if hi > lo {
		n += r.Int63n(hi - lo + 1)
	}
	return math.NewInt(n).MulRaw(1_000_000)
}

// Uint32 returns a random value from lo to hi.
func Uint32(r *rand.Rand, lo, hi uint32) uint32 {
	if hi <= lo {
		return lo
	}
	return lo + uint32(r.Int63n(int64(hi-lo)+1))
}

// Amount returns a random amount from 1 to max, or zero when max is not
// positive.
func Amount(r *rand.Rand, max math.Int) math.Int {
	if !max.IsPositive() {
		return math.ZeroInt()
	}
	return math.NewIntFromBigInt(new(big.Int).Rand(r, max.BigInt())).AddRaw(1)
}

// GenesisParams lets a params file pin a module's whole params (key
// "<module>_params"), as x/simulation's app params do for single values;
// otherwise gen draws them.
func GenesisParams[P any](simState *module.SimulationState, moduleName string, params *P, gen func(r *rand.Rand) P) {
	simState.AppParams.GetOrGenerate(moduleName+"_params", params, simState.Rand, func(r *rand.Rand) { *params = gen(r) })
}

// Coin returns a hostile coin: an extreme amount (zero, one, 2^64-1,
// 2^255, sometimes negated) of a denom that is usually valid.
func Coin(r *rand.Rand, denom string, max math.Int) sdk.Coin {
	amount := hostile.Amount(r, max)
	if r.Intn(6) == 0 {
		amount = amount.Neg()
	}
	return sdk.Coin{Denom: Text(r, denom), Amount: amount}
}

// Coins returns zero to three hostile coins, unsorted and maybe repeated.
func Coins(r *rand.Rand, denom string, max math.Int) sdk.Coins {
	out := make(sdk.Coins, r.Intn(4))
	for i := range out {
		out[i] = Coin(r, denom, max)
	}
	return out
}

// Dec returns a hostile fraction: zero, negative, one, above one, or a
// random value in (0, 1].
func Dec(r *rand.Rand) math.LegacyDec {
	switch r.Intn(6) {
	case 0:
		return math.LegacyZeroDec()
	case 1:
		return math.LegacyNewDec(-1)
	case 2:
		return math.LegacyOneDec()
	case 3:
		return math.LegacyNewDec(1 << 40)
	}
	return math.LegacyNewDecWithPrec(int64(1+r.Intn(100)), 2)
}

// Duration returns a hostile duration: zero, negative, the largest one, or
// a random one up to a year.
func Duration(r *rand.Rand) time.Duration {
	switch r.Intn(5) {
	case 0:
		return 0
	case 1:
		return -time.Duration(1 + r.Int63n(int64(time.Hour)))
	case 2:
		return time.Duration(1<<63 - 1)
	}
	return time.Duration(r.Int63n(int64(365 * 24 * time.Hour)))
}

// Address returns valid, or a hostile string in its place.
func Address(r *rand.Rand, valid string) string {
	if r.Intn(3) == 0 {
		return valid
	}
	return Text(r, valid)
}

// BadText always returns a hostile string: one of hostile.Strings, valid
// with a control byte spliced in, or random runes; invalid UTF-8 repaired
// as in Text.
func BadText(r *rand.Rand, valid string) string {
	for {
		if s := hostile.String(r, valid); s != valid {
			return strings.ToValidUTF8(s, "\uFFFD")
		}
	}
}

// Mutation spoils one field of a message.
type Mutation[T sdk.Msg] func(r *rand.Rand, msg T)

// Mutated returns a factory that builds plausible's message and spoils one
// or two of its fields, so each hostile value meets checks the rest of a
// valid message lets it reach (a key built from a GPU model, a capability
// or a deal reference) instead of an earlier refusal of another field.
// Mutations never touch the signer.
func Mutated[T sdk.Msg](plausible simsx.SimMsgFactoryX, mutations ...Mutation[T]) simsx.SimMsgFactoryX {
	create := plausible.Create()
	return Factory(func(ctx context.Context, data *simsx.ChainDataSource, rep simsx.SimulationReporter) ([]simsx.SimAccount, T, simsx.SimDeliveryResultHandler) {
		signers, msg := create(ctx, data, rep)
		m, _ := msg.(T)
		r := data.Rand().Rand
		for range 1 + r.Intn(2) {
			mutations[r.Intn(len(mutations))](r, m)
		}
		return signers, m, Hostile
	})
}

// KeyText returns a hostile value for a string that becomes (part of) a
// store key: half of the time valid with a NUL byte inserted, which
// collections refuses in a non-terminal key part, else BadText.
func KeyText(r *rand.Rand, valid string) string {
	if r.Intn(2) == 0 {
		i := r.Intn(len(valid) + 1)
		return valid[:i] + "\x00" + valid[i:]
	}
	return BadText(r, valid)
}

// Refused accepts any refusal a client can act on and fails the run on
// success: the message repeats something the chain allows once.
func Refused(err error) error {
	if err == nil {
		return errors.New("a message that repeats a one-time action was accepted")
	}
	return Clean(err)
}

// Spoiled says whether a proposal message factory returns hostile content
// this time (one in eight): proposals carry messages the authority signs,
// and their content must be checked as any other.
func Spoiled(r *rand.Rand) bool { return r.Intn(8) == 0 }

// AnyAccount returns a random simulation account. Drawn without filters,
// ChainDataSource never skips, so the draw involves no reporter.
func AnyAccount(data *simsx.ChainDataSource) simsx.SimAccount { return data.AnyAccount(noSkip{}) }

// maxTime is the last instant a protobuf Timestamp holds.
var maxTime = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// Time returns a hostile time around base (hostile.Time), never after
// 9999-12-31: a later one cannot be encoded in a transaction.
func Time(r *rand.Rand, base time.Time) time.Time {
	if t := hostile.Time(r, base); !t.After(maxTime) {
		return t
	}
	return maxTime
}
