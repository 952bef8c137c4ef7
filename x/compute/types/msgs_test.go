package types_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/x/compute/types"
)

// rule is how a field is checked: a required identifier, an optional one,
// or free text.
type rule int

const (
	required rule = iota
	optional
	text
)

// bad says whether the rule refuses s, as internal/ident defines it.
func (r rule) bad(s string) bool {
	switch r {
	case required:
		return ident.Check("f", s, 0) != nil
	case optional:
		return ident.CheckOptional("f", s, 0) != nil
	}
	return ident.CheckText("f", s, ident.MaxLength) != nil
}

// stringField is one string of one message: set writes s into a valid
// message and returns it.
type stringField struct {
	name string
	rule rule
	set  func(s string) sdk.HasValidateBasic
}

func validJob() *types.MsgSubmitJob {
	return &types.MsgSubmitJob{
		Requirements: types.Requirements{Model: "H100", Count: 1, Hours: 1},
		Workload: types.Workload{Image: "x", Command: "python train.py", Args: []string{"--epochs", "3"},
			Env: []types.EnvVar{{Name: "SEED", Value: "7"}}},
		InputUri: "ipfs://in", InputHash: "sha256:abc",
	}
}

func validInventory() *types.MsgUpdateProvider {
	return &types.MsgUpdateProvider{
		Endpoint: "https://gpu.example", Region: "eu-west",
		Gpus:       []types.Gpu{{Model: "H100", VramMib: 81920, Count: 8}},
		Attributes: []types.Attribute{{Key: "interconnect", Value: "nvlink"}},
	}
}

// stringFields lists every string of a compute message that is stored.
func stringFields() []stringField {
	job := func(edit func(*types.MsgSubmitJob, string)) func(string) sdk.HasValidateBasic {
		return func(s string) sdk.HasValidateBasic {
			m := validJob()
			edit(m, s)
			return m
		}
	}
	inv := func(edit func(*types.MsgUpdateProvider, string)) func(string) sdk.HasValidateBasic {
		return func(s string) sdk.HasValidateBasic {
			m := validInventory()
			edit(m, s)
			return m
		}
	}
	return []stringField{
		{"endpoint", text, inv(func(m *types.MsgUpdateProvider, s string) { m.Endpoint = s })},
		{"region", optional, inv(func(m *types.MsgUpdateProvider, s string) { m.Region = s })},
		{"gpus[0].model", required, inv(func(m *types.MsgUpdateProvider, s string) { m.Gpus[0].Model = s })},
		{"attributes[0].key", required, inv(func(m *types.MsgUpdateProvider, s string) { m.Attributes[0].Key = s })},
		{"attributes[0].value", optional, inv(func(m *types.MsgUpdateProvider, s string) { m.Attributes[0].Value = s })},
		{"gpus[0].model", required, func(s string) sdk.HasValidateBasic {
			m := validInventory()
			m.Gpus[0].Model = s
			return &types.MsgRegisterProvider{Endpoint: m.Endpoint, Region: m.Region, Gpus: m.Gpus, Attributes: m.Attributes}
		}},
		{"gpu.model", required, func(s string) sdk.HasValidateBasic {
			return &types.MsgCreateOffer{Gpu: types.Gpu{Model: s, VramMib: 1, Count: 1}}
		}},
		{"requirements.model", optional, job(func(m *types.MsgSubmitJob, s string) { m.Requirements.Model = s })},
		{"workload.image", optional, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Image = s })},
		{"workload.command", text, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Command = s })},
		{"workload.args[1]", text, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Args[1] = s })},
		{"workload.env[0].name", required, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Env[0].Name = s })},
		{"workload.env[0].value", text, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Env[0].Value = s })},
		{"input_uri", text, job(func(m *types.MsgSubmitJob, s string) { m.InputUri = s })},
		{"input_hash", optional, job(func(m *types.MsgSubmitJob, s string) { m.InputHash = s })},
		{"output_hash", optional, func(s string) sdk.HasValidateBasic {
			return &types.MsgSubmitResult{OutputHash: s, OutputUri: "ipfs://out"}
		}},
		{"output_uri", text, func(s string) sdk.HasValidateBasic { return &types.MsgSubmitResult{OutputHash: "h", OutputUri: s} }},
		{"observed_hash", optional, func(s string) sdk.HasValidateBasic {
			return &types.MsgRevealAttestation{ObservedHash: s, Salt: make([]byte, types.CommitmentSaltSize)}
		}},
	}
}

func TestValidateBasicRefusesHostileStrings(t *testing.T) {
	for _, f := range stringFields() {
		require.NoError(t, f.set("ok").ValidateBasic(), "%s: a valid message", f.name)
		refused := 0
		for _, s := range hostile.Strings {
			err := f.set(s).ValidateBasic()
			if !f.rule.bad(s) {
				require.NoError(t, err, "%s = %q", f.name, s)
				continue
			}
			refused++
			require.ErrorIs(t, err, types.ErrInvalidIdentifier, "%s = %q", f.name, s)
			require.Contains(t, err.Error(), f.name, "the error names the field")
			require.False(t, strings.ContainsAny(err.Error(), "\x00\x1b"), "the error never echoes control bytes")
		}
		require.Greater(t, refused, 5, "%s: the hostile strings include many bad ones", f.name)
		// Whatever the rule, a NUL byte never passes.
		require.ErrorIs(t, f.set("H100\x00").ValidateBasic(), types.ErrInvalidIdentifier, f.name)
	}
}

// The job of issue 11 is refused before CheckTx admits it.
func TestValidateBasicRefusesTheNULJob(t *testing.T) {
	msg := validJob()
	msg.Requirements.Model = "H100\x00"
	msg.Workload = types.Workload{Image: "x"}
	err := msg.ValidateBasic()
	require.ErrorIs(t, err, types.ErrInvalidIdentifier)
	require.ErrorContains(t, err, "requirements.model")
	require.False(t, errors.Is(err, types.ErrInvalidJob))
}

func TestValidateBasicUsesTheAbsoluteBound(t *testing.T) {
	long := strings.Repeat("a", ident.MaxLength)
	m := validJob()
	m.Requirements.Model, m.InputUri = long, long
	require.NoError(t, m.ValidateBasic(), "exactly ident.MaxLength bytes")
	m.InputUri += "a"
	require.ErrorIs(t, m.ValidateBasic(), types.ErrInvalidIdentifier)
}

func TestParamsBoundTextLength(t *testing.T) {
	p := types.DefaultParams()
	p.MaxTextLength = ident.MaxLength + 1
	require.ErrorIs(t, p.Validate(), types.ErrInvalidParams, "beyond what genesis validation accepts")
	p.MaxTextLength = ident.MaxLength
	require.NoError(t, p.Validate())
}
