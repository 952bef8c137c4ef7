// Package gpu is the provider's GPU inventory: detected with nvidia-smi
// when it is installed, the GPUs declared in provider.toml otherwise.
package gpu

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"github.com/aitbc/aitbc/provider/config"
)

// Source says where an inventory came from.
type Source string

const (
	SourceNvidiaSMI Source = "nvidia-smi"
	SourceDeclared  Source = "declared"
)

// Device is one GPU; Index is what CUDA_VISIBLE_DEVICES takes.
type Device struct {
	Index   string
	Model   string
	VRAMMiB uint32
}

// Inventory is the node's GPUs.
type Inventory struct {
	Source  Source
	Devices []Device
}

// Query is the nvidia-smi invocation the inventory parses.
var Query = []string{"--query-gpu=name,memory.total", "--format=csv,noheader,nounits"}

// ErrNoGPUs is returned when nvidia-smi is absent and nothing is declared.
var ErrNoGPUs = errors.New("no GPUs: nvidia-smi not installed and none declared in provider.toml [[gpus]]")

// Detect runs nvidia-smi when it is on PATH and falls back to declared.
// A failing nvidia-smi is an error, not a fallback: the operator should
// know the driver is broken rather than offer GPUs that do not work.
func Detect(ctx context.Context, declared []config.GPU) (Inventory, error) {
	path, err := exec.LookPath("nvidia-smi")
	if err != nil {
		return Declared(declared)
	}
	out, err := exec.CommandContext(ctx, path, Query...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			return Inventory{}, fmt.Errorf("nvidia-smi: %w: %s", err, strings.TrimSpace(string(ee.Stderr)))
		}
		return Inventory{}, fmt.Errorf("nvidia-smi: %w", err)
	}
	devs, err := Parse(string(out))
	if err != nil {
		return Inventory{}, err
	}
	return Inventory{Source: SourceNvidiaSMI, Devices: devs}, nil
}

// Declared expands the config's [[gpus]] into devices indexed from 0 in
// declaration order.
func Declared(declared []config.GPU) (Inventory, error) {
	var devs []Device
	for _, g := range declared {
		for i := uint32(0); i < g.Count; i++ {
			devs = append(devs, Device{Index: strconv.Itoa(len(devs)), Model: g.Model, VRAMMiB: g.VRAMMiB})
		}
	}
	if len(devs) == 0 {
		return Inventory{}, ErrNoGPUs
	}
	return Inventory{Source: SourceDeclared, Devices: devs}, nil
}

// Parse reads nvidia-smi's "name, memory.total" CSV (no header, no units),
// one GPU per line, indexed in output order.
func Parse(out string) ([]Device, error) {
	var devs []Device
	sc := bufio.NewScanner(strings.NewReader(out))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		// The name may itself contain commas; memory is the last field.
		i := strings.LastIndexByte(text, ',')
		if i < 0 {
			return nil, fmt.Errorf("nvidia-smi line %d %q: want \"name, memory\"", line, text)
		}
		name := strings.TrimSpace(text[:i])
		memText := strings.TrimSpace(text[i+1:])
		mem, err := strconv.ParseUint(memText, 10, 32)
		if err != nil || mem == 0 {
			return nil, fmt.Errorf("nvidia-smi line %d: memory %q is not a positive MiB count", line, memText)
		}
		if name == "" {
			return nil, fmt.Errorf("nvidia-smi line %d: empty GPU name", line)
		}
		devs = append(devs, Device{Index: strconv.Itoa(len(devs)), Model: name, VRAMMiB: uint32(mem)})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(devs) == 0 {
		return nil, errors.New("nvidia-smi listed no GPUs")
	}
	return devs, nil
}

// Models groups devices by model and VRAM in first-seen order, as the
// config declares them and as offers are made.
func (inv Inventory) Models() []config.GPU {
	var out []config.GPU
	for _, d := range inv.Devices {
		found := false
		for i := range out {
			if out[i].Model == d.Model && out[i].VRAMMiB == d.VRAMMiB {
				out[i].Count++
				found = true
				break
			}
		}
		if !found {
			out = append(out, config.GPU{Model: d.Model, VRAMMiB: d.VRAMMiB, Count: 1})
		}
	}
	return out
}

// Indices returns the indices of devices of a model with at least minVRAM,
// in inventory order; the daemon assigns a lease's GPUs from these.
func (inv Inventory) Indices(model string, minVRAMMiB uint32) []string {
	var out []string
	for _, d := range inv.Devices {
		if (model == "" || d.Model == model) && d.VRAMMiB >= minVRAMMiB {
			out = append(out, d.Index)
		}
	}
	return out
}
