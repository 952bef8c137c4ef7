package msgexec_test

import (
	"context"
	"errors"
	"testing"

	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/store/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/testutil"
	"github.com/cosmos/cosmos-sdk/testutil/testdata"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/msgexec"
)

// dogServer is a test Msg service whose behaviour is chosen by the dog's
// name: it writes the name to the store and emits an event, or fails,
// panics, burns gas, or checks the context the executor decorated.
type dogServer struct{ key storetypes.StoreKey }

type ctxMark struct{}

func (s dogServer) CreateDog(goCtx context.Context, msg *testdata.MsgCreateDog) (*testdata.MsgCreateDogResponse, error) {
	ctx := sdk.UnwrapSDKContext(goCtx)
	name := msg.Dog.Name
	switch name {
	case "fail":
		return nil, errors.New("no such breed")
	case "panic":
		panic("the handler hit hostile state")
	case "hungry":
		ctx.GasMeter().ConsumeGas(1_000_000, "eat")
	case "marked":
		if ctx.Value(ctxMark{}) != "proposal 7" {
			return nil, errors.New("the context was not decorated")
		}
	}
	ctx.KVStore(s.key).Set([]byte(name), []byte("dog"))
	ctx.EventManager().EmitEvent(sdk.NewEvent("dog_created", sdk.NewAttribute("name", name)))
	return &testdata.MsgCreateDogResponse{Name: name}, nil
}

type env struct {
	ctx    sdk.Context
	key    storetypes.StoreKey
	exec   msgexec.Executor
	signer []byte
	owner  string
	addrs  address.Codec
}

func newEnv(t *testing.T) env {
	t.Helper()
	registry := codectestutil.CodecOptions{}.NewInterfaceRegistry()
	testdata.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)

	key := storetypes.NewKVStoreKey("dogs")
	router := baseapp.NewMsgServiceRouter()
	router.SetInterfaceRegistry(registry)
	testdata.RegisterMsgServer(router, dogServer{key: key})

	addrs := addresscodec.NewBech32Codec("cosmos")
	signer := []byte("executing-account-20")
	owner, err := addrs.BytesToString(signer)
	require.NoError(t, err)
	return env{
		ctx: testutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_dogs")),
		key: key, exec: msgexec.New(router, cdc), signer: signer, owner: owner, addrs: addrs,
	}
}

func (e env) dog(name string) sdk.Msg {
	return &testdata.MsgCreateDog{Dog: &testdata.Dog{Name: name}, Owner: e.owner}
}

func (e env) stored(name string) bool { return e.ctx.KVStore(e.key).Has([]byte(name)) }

func dogEvents(ctx sdk.Context) []string {
	var names []string
	for _, ev := range ctx.EventManager().Events() {
		if ev.Type != "dog_created" {
			continue
		}
		for _, a := range ev.Attributes {
			names = append(names, a.Value)
		}
	}
	return names
}

func TestRunCommitsAndForwardsEventsOnSuccess(t *testing.T) {
	e := newEnv(t)
	res, err := e.exec.Run(e.ctx, e.signer, []sdk.Msg{e.dog("rex"), e.dog("fido")}, msgexec.Options{})
	require.NoError(t, err)
	require.Len(t, res.Data, 2)
	require.True(t, e.stored("rex") && e.stored("fido"), "both writes committed")
	require.Equal(t, []string{"rex", "fido"}, dogEvents(e.ctx), "the handlers' events reach the caller's context, in order")
}

// A failure, a panic or running out of gas in any message leaves nothing
// of the batch: no writes, no events; the error names the message.
func TestRunIsAllOrNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		last  string
		limit uint64
		is    error
		says  string
	}{
		{"handler error", "fail", 0, nil, "no such breed"},
		{"panic", "panic", 0, msgexec.ErrPanic, "hostile state"},
		{"out of gas", "hungry", 200_000, msgexec.ErrOutOfGas, "message 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.exec.Run(e.ctx, e.signer, []sdk.Msg{e.dog("rex"), e.dog(tc.last)}, msgexec.Options{GasLimit: tc.limit})
			require.Error(t, err)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			require.ErrorContains(t, err, tc.says)
			require.ErrorContains(t, err, "message 1")
			require.False(t, e.stored("rex"), "the first message's write is discarded")
			require.Empty(t, dogEvents(e.ctx), "no event of a failed batch is forwarded")
		})
	}
}

// The batch's gas is charged to the caller's meter, up to the limit, even
// when it runs out.
func TestRunChargesBatchGas(t *testing.T) {
	e := newEnv(t)
	const limit = 300_000
	before := e.ctx.GasMeter().GasConsumed()
	_, err := e.exec.Run(e.ctx, e.signer, []sdk.Msg{e.dog("hungry")}, msgexec.Options{GasLimit: limit})
	require.ErrorIs(t, err, msgexec.ErrOutOfGas)
	require.Equal(t, uint64(limit), e.ctx.GasMeter().GasConsumed()-before)

	e = newEnv(t)
	res, err := e.exec.Run(e.ctx, e.signer, []sdk.Msg{e.dog("hungry")}, msgexec.Options{GasLimit: 5_000_000})
	require.NoError(t, err)
	require.Greater(t, res.GasUsed, uint64(1_000_000))
	require.Equal(t, res.GasUsed, e.ctx.GasMeter().GasConsumed())
}

func TestRunOptionsHooks(t *testing.T) {
	e := newEnv(t)
	mark := func(c sdk.Context) sdk.Context { return c.WithValue(ctxMark{}, "proposal 7") }
	_, err := e.exec.Run(e.ctx, e.signer, []sdk.Msg{e.dog("marked")}, msgexec.Options{Before: mark})
	require.NoError(t, err, "Before decorates the context the handlers see")
	_, err = e.exec.Run(e.ctx, e.signer, []sdk.Msg{e.dog("marked")}, msgexec.Options{})
	require.ErrorContains(t, err, "not decorated")

	e = newEnv(t)
	var seen []int
	_, err = e.exec.Run(e.ctx, e.signer, []sdk.Msg{e.dog("rex"), e.dog("fido")}, msgexec.Options{
		AfterEach: func(_ sdk.Context, i int, _ sdk.Msg) error {
			seen = append(seen, i)
			if i == 1 {
				return errors.New("over the spending limit")
			}
			return nil
		},
	})
	require.ErrorContains(t, err, "over the spending limit")
	require.Equal(t, []int{0, 1}, seen)
	require.False(t, e.stored("rex"), "an AfterEach error discards the batch")
}

// Check refuses, before anything runs, a message signed by another account
// or by more than one, and a message no module routes.
func TestCheck(t *testing.T) {
	e := newEnv(t)
	require.NoError(t, e.exec.Check(0, e.dog("rex"), e.signer))

	other, err := e.addrs.BytesToString([]byte("some-other-account-1"))
	require.NoError(t, err)
	stranger := &testdata.MsgCreateDog{Dog: &testdata.Dog{Name: "rex"}, Owner: other}
	require.ErrorIs(t, e.exec.Check(3, stranger, e.signer), msgexec.ErrWrongSigner)
	require.ErrorContains(t, e.exec.Check(3, stranger, e.signer), "message 3")

	require.ErrorIs(t, e.exec.Check(0, &testdata.TestMsg{Signers: []string{e.owner}}, e.signer), msgexec.ErrNoHandler)
	require.ErrorIs(t, e.exec.Check(0, &testdata.TestMsg{Signers: []string{e.owner, other}}, e.signer), msgexec.ErrWrongSigner)

	// Run checks every message first: a bad last message stops the first
	// from running at all.
	_, err = e.exec.Run(e.ctx, e.signer, []sdk.Msg{e.dog("rex"), stranger}, msgexec.Options{})
	require.ErrorIs(t, err, msgexec.ErrWrongSigner)
	require.False(t, e.stored("rex"))
}
