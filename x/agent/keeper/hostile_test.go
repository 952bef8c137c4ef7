package keeper_test

import (
	"strings"
	"testing"
	"time"

	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/x/agent/types"
)

// requireModuleError checks that err is a registered x/agent error, never
// an internal (code 1) one such as a collections key encoding error.
func requireModuleError(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	codespace, code, _ := errorsmod.ABCIInfo(err, false)
	require.Equal(t, types.ModuleName, codespace, msgAndArgs...)
	require.Greater(t, code, uint32(1), msgAndArgs...)
}

// The case: a NUL in a capability (an index key) used to fail with
// code 1 from the key encoder.
func TestRegisterAgentNULCapabilityIsInvalidIdentifier(t *testing.T) {
	f := newFixture(t)
	msg := &types.MsgRegisterAgent{Owner: f.owner.String(), Type: types.AGENT_TYPE_PROVIDER, Name: "bot", Capabilities: []string{"H100\x00"}}
	require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidIdentifier)
	_, err := f.msgs.RegisterAgent(f.ctx(), msg)
	require.ErrorIs(t, err, types.ErrInvalidIdentifier)
	codespace, code, _ := errorsmod.ABCIInfo(err, false)
	require.Equal(t, "agent", codespace)
	require.Equal(t, types.ErrInvalidIdentifier.ABCICode(), code)
	require.Contains(t, err.Error(), "capability", "the error names the field")
}

// Every hostile string in every string field of MsgRegisterAgent: refused
// by ValidateBasic and by the keeper alike with a module error, or accepted
// by both and stored only if it passes the shared rule.
func TestRegisterAgentHostileStrings(t *testing.T) {
	f := newFixture(t)
	fields := []struct {
		name string
		set  func(*types.MsgRegisterAgent, string)
		text bool // free text rather than an identifier
	}{
		{"name", func(m *types.MsgRegisterAgent, s string) { m.Name = s }, false},
		{"capability", func(m *types.MsgRegisterAgent, s string) { m.Capabilities = []string{"llm", s} }, false},
		{"endpoint", func(m *types.MsgRegisterAgent, s string) { m.Endpoint = s }, true},
		{"metadata_uri", func(m *types.MsgRegisterAgent, s string) { m.MetadataUri = s }, true},
		{"metadata_hash", func(m *types.MsgRegisterAgent, s string) { m.MetadataHash = s }, true},
	}
	for _, field := range fields {
		for _, s := range hostile.Strings {
			msg := &types.MsgRegisterAgent{Owner: f.owner.String(), Type: types.AGENT_TYPE_BUILDER, Name: "bot"}
			field.set(msg, s)
			basicErr := msg.ValidateBasic()
			seq, err := f.k.AgentSeq.Peek(f.ctx())
			require.NoError(t, err)
			res, err := f.msgs.RegisterAgent(f.ctx(), msg)
			if err != nil {
				requireModuleError(t, err, "%s %q", field.name, s)
				next, err := f.k.AgentSeq.Peek(f.ctx())
				require.NoError(t, err)
				require.Equal(t, seq, next, "%s %q: nothing registered", field.name, s)
				continue
			}
			require.NoError(t, basicErr, "%s %q: the keeper accepts what ValidateBasic accepts", field.name, s)
			if field.text {
				require.NoError(t, ident.CheckText(field.name, s, 0), "%s %q stored", field.name, s)
			} else {
				require.NoError(t, ident.Check(field.name, s, 0), "%s %q stored", field.name, s)
			}
			a, err := f.k.GetAgent(f.ctx(), res.AgentId)
			require.NoError(t, err)
			require.Equal(t, res.Wallet, a.Wallet)
		}
	}
	// The worst cases of the table are refused with the named sentinel.
	for _, tc := range []struct {
		msg *types.MsgRegisterAgent
		err error
	}{
		{&types.MsgRegisterAgent{Name: "a\x00b"}, types.ErrInvalidIdentifier},
		{&types.MsgRegisterAgent{Name: "\u202egnp.exe"}, types.ErrInvalidIdentifier},
		{&types.MsgRegisterAgent{Name: " padded "}, types.ErrInvalidIdentifier},
		{&types.MsgRegisterAgent{Name: "bot", Capabilities: []string{"\xff\xfe"}}, types.ErrInvalidIdentifier},
		{&types.MsgRegisterAgent{Name: "bot", Capabilities: []string{"a\u200bb"}}, types.ErrInvalidIdentifier},
		{&types.MsgRegisterAgent{Name: "bot", Endpoint: "https://x\x1b[31m"}, types.ErrInvalidText},
		{&types.MsgRegisterAgent{Name: "bot", MetadataUri: "ipfs://\x00"}, types.ErrInvalidText},
		{&types.MsgRegisterAgent{Name: "bot", MetadataHash: "\xff"}, types.ErrInvalidText},
		{&types.MsgRegisterAgent{Name: "bot", Capabilities: []string{strings.Repeat("A", 257)}}, types.ErrInvalidAgent},
	} {
		tc.msg.Owner, tc.msg.Type = f.owner.String(), types.AGENT_TYPE_BUILDER
		require.ErrorIs(t, tc.msg.ValidateBasic(), tc.err, "%+v", tc.msg)
		_, err := f.msgs.RegisterAgent(f.ctx(), tc.msg)
		require.ErrorIs(t, err, tc.err, "%+v", tc.msg)
	}
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
}

// Capabilities outside ASCII are distinct index keys that read back (the
// upstream string key codec dropped their continuation bytes: "é" and "Ã"
// collided and iterating the index failed).
func TestNonASCIICapabilitiesIndexAndQuery(t *testing.T) {
	f := newFixture(t)
	f.register("é", "ＨＩＯＯ")
	f.register("Ã")
	for capability, want := range map[string]uint64{"é": 1, "ＨＩＯＯ": 1, "Ã": 2} {
		res, err := f.q.Agents(f.ctx(), &types.QueryAgentsRequest{Capability: capability})
		require.NoError(t, err, capability)
		require.Len(t, res.Agents, 1, capability)
		require.Equal(t, want, res.Agents[0].Id, capability)
	}
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
	_, err := f.msgs.UpdateAgent(f.ctx(), &types.MsgUpdateAgent{Owner: f.owner.String(), AgentId: 1, Name: "bot"})
	require.NoError(t, err)
	res, err := f.q.Agents(f.ctx(), &types.QueryAgentsRequest{Capability: "Ã"})
	require.NoError(t, err)
	require.Len(t, res.Agents, 1, "removing é left Ã's entry alone")
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
}

func TestUpdateAgentHostileStringsLeaveTheAgent(t *testing.T) {
	f := newFixture(t)
	f.register("llm")
	before, err := f.k.GetAgent(f.ctx(), 1)
	require.NoError(t, err)
	for _, s := range hostile.Strings {
		if ident.Check("capability", s, types.DefaultParams().MaxCapabilityLength) == nil {
			continue
		}
		msg := &types.MsgUpdateAgent{Owner: f.owner.String(), AgentId: 1, Name: "bot", Capabilities: []string{s}}
		require.Error(t, msg.ValidateBasic(), "%q", s)
		_, err := f.msgs.UpdateAgent(f.ctx(), msg)
		requireModuleError(t, err, "%q", s)
	}
	after, err := f.k.GetAgent(f.ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, before, after)
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
}

func TestSetPolicyHostileMessageTypes(t *testing.T) {
	f := newFixture(t)
	f.register()
	policy := func(msgType string) types.Policy {
		return types.Policy{AllowedMsgTypes: []string{"/cosmos.bank.v1beta1.MsgSend", msgType}, SpendLimit: sdk.NewCoins(sdk.NewInt64Coin(denom, 1)), Period: time.Hour}
	}
	for _, tc := range []struct {
		msgType string
		err     error
	}{
		{"/cosmos.bank.v1beta1.MsgSend\x00", types.ErrInvalidIdentifier},
		{"/a\nb", types.ErrInvalidIdentifier},
		{"/\u202e", types.ErrInvalidIdentifier},
		{"/" + strings.Repeat("A", 256), types.ErrInvalidIdentifier},
		{"", types.ErrInvalidPolicy},
		{"cosmos.bank.v1beta1.MsgSend", types.ErrInvalidPolicy},
	} {
		msg := &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: policy(tc.msgType)}
		require.ErrorIs(t, msg.ValidateBasic(), tc.err, "%q", tc.msgType)
		_, err := f.msgs.SetPolicy(f.ctx(), msg)
		require.ErrorIs(t, err, tc.err, "%q", tc.msgType)
	}
	for _, s := range hostile.Strings {
		_, err := f.msgs.SetPolicy(f.ctx(), &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: policy(s)})
		if err == nil {
			require.True(t, strings.HasPrefix(s, "/") && ident.Check("", s, 0) == nil, "%q accepted as a type URL", s)
			require.NoError(t, f.k.Policies.Remove(f.ctx(), 1))
			require.NoError(t, f.k.Spends.Remove(f.ctx(), 1))
		} else {
			requireModuleError(t, err, "%q", s)
		}
		_, err = f.msgs.SetPolicy(f.ctx(), &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: types.Policy{
			SpendLimit: sdk.NewCoins(sdk.NewInt64Coin(denom, 1)), Period: time.Hour, AllowedRecipients: []string{s},
		}})
		require.ErrorIs(t, err, types.ErrInvalidAddress, "recipient %q", s)
	}
	_, err := f.q.Policy(f.ctx(), &types.QueryPolicyRequest{AgentId: 1})
	require.ErrorIs(t, err, types.ErrNoPolicy, "no policy was set")
}

func TestGenesisRefusesHostileAgents(t *testing.T) {
	f := newFixture(t)
	f.register("llm")
	_, err := f.msgs.SetPolicy(f.ctx(), &types.MsgSetPolicy{Owner: f.owner.String(), AgentId: 1, Policy: types.Policy{
		AllowedMsgTypes: []string{"/cosmos.bank.v1beta1.MsgSend"}, SpendLimit: sdk.NewCoins(sdk.NewInt64Coin(denom, 1)), Period: time.Hour,
	}})
	require.NoError(t, err)
	good, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, good.Validate())
	other := f.register()

	for name, edit := range map[string]func(gs *types.GenesisState){
		"NUL capability":       func(gs *types.GenesisState) { gs.Agents[0].Capabilities = []string{"llm\x00"} },
		"control in name":      func(gs *types.GenesisState) { gs.Agents[0].Name = "a\x1bb" },
		"control in endpoint":  func(gs *types.GenesisState) { gs.Agents[0].Endpoint = "\x00" },
		"wallet of another id": func(gs *types.GenesisState) { gs.Agents[0].Wallet = other.Wallet },
		"no status":            func(gs *types.GenesisState) { gs.Agents[0].Status = types.AGENT_STATUS_UNSPECIFIED },
		"hostile msg type":     func(gs *types.GenesisState) { gs.Policies[0].Policy.AllowedMsgTypes = []string{"/x\x00"} },
		"policy twice":         func(gs *types.GenesisState) { gs.Policies = append(gs.Policies, gs.Policies[0]) },
		"retired with policy":  func(gs *types.GenesisState) { gs.Agents[0].Status = types.AGENT_STATUS_RETIRED },
	} {
		gs := *good
		gs.Agents = append([]types.Agent(nil), good.Agents...)
		gs.Agents[0].Capabilities = append([]string(nil), good.Agents[0].Capabilities...)
		gs.Policies = append([]types.AgentPolicy(nil), good.Policies...)
		gs.Policies[0].Policy.AllowedMsgTypes = append([]string(nil), good.Policies[0].Policy.AllowedMsgTypes...)
		edit(&gs)
		require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis, name)
		g := newFixture(t)
		require.ErrorIs(t, g.k.InitGenesis(g.ctx(), gs), types.ErrInvalidGenesis, name)
	}
}
