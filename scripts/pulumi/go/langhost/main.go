// Command langhost is watercloud's stand-in for the Pulumi Node.js language host.
//
// Why it exists: the Pulumi CLI starts a separate "pulumi-language-nodejs" plugin to run a Node.js program and
// Node.js policy packs. Upstream ships that plugin from its own Go module, which has no release tags and which the
// module mirror this project builds from does not serve (see docs/pulumi.md). This host implements the same gRPC
// contract (pulumirpc.LanguageRuntime) against the public sdk/v3 packages and hands all real work to the
// entry points that @pulumi/pulumi itself ships: cmd/run for the program and cmd/run-policy-pack for policy packs.
// It is installed as "pulumi-language-nodejs" because that is the name the engine looks up; `GetPluginInfo`
// reports a "+watercloud" version so logs show which host ran.
//
// Deliberately left out (the engine treats them as unimplemented): dependency installation, code generation,
// packing, debugger attach, bun. watercloud installs node_modules with npm ci before it previews.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/google/shlex"
	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// Version is set at build time (-ldflags -X main.Version=...).
var Version = "0.0.0+watercloud"

// exitAfterUserMessage is the exit code @pulumi/pulumi/cmd/run uses after it already printed an actionable error.
const exitAfterUserMessage = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func main() {
	// The engine passes flags (logging, tracing) first and the engine address as the last positional argument.
	var engineAddress string
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			engineAddress = a
		}
	}
	h := &host{engineAddress: engineAddress}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "fatal: could not start language host RPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from our first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "fatal: language host RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

// options mirrors the runtime options of Pulumi.yaml / PulumiPolicy.yaml that matter for running (`runtime.options`).
type options struct {
	typescript   bool
	nodeargs     string
	tsconfigpath string
}

func parseOptions(s *structpb.Struct) (options, error) {
	o := options{typescript: true} // the upstream default: .ts entry points run through ts-node
	m := s.AsMap()
	if v, ok := m["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return o, errors.New("typescript option must be a boolean")
		}
		o.typescript = b
	}
	if v, ok := m["nodeargs"]; ok {
		str, isStr := v.(string)
		if !isStr {
			return o, errors.New("nodeargs option must be a string")
		}
		o.nodeargs = str
	}
	if v, ok := m["tsconfig"]; ok {
		str, isStr := v.(string)
		if !isStr {
			return o, errors.New("tsconfig option must be a string")
		}
		o.tsconfigpath = str
	}
	return o, nil
}

func (o options) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfigpath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfigpath)
	}
	return env
}

// resolveModule asks node itself where a module resolves from dir, so the project's node_modules decide (as upstream).
func resolveModule(ctx context.Context, nodeBin, module, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, nodeBin, "-e",
		"process.stdout.write(require.resolve(process.argv[1], {paths: [process.argv[2]]}))", module, dir)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cannot find module %q from %s (run npm ci in the project): %w", module, dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// GetRequiredPackages reports the resource plugins of the Pulumi packages the program depends on, read from
// node_modules/<dep>/package.json ("pulumi": {"resource": true, "name", "version", "server"}), so the engine can
// check they are installed before the program starts.
func (h *host) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	plugins, err := requiredPlugins(req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GetRequiredPackagesResponse{}
	for _, p := range plugins {
		resp.Packages = append(resp.Packages, &pulumirpc.PackageDependency{
			Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
		})
	}
	return resp, nil
}

func (h *host) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	plugins, err := requiredPlugins(req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

type packageJSON struct {
	Name            string            `json:"name"`
	Version         string            `json:"version"`
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
	Pulumi          *struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// findUp returns the first dir at or above start that holds name.
func findUp(start, name string) (string, bool) {
	for dir := start; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return dir, true
		}
		if filepath.Dir(dir) == dir {
			return "", false
		}
	}
}

func requiredPlugins(programDir string) ([]*pulumirpc.PluginDependency, error) {
	root, ok := findUp(programDir, "package.json")
	if !ok {
		return nil, nil
	}
	pkg, err := readPackageJSON(filepath.Join(root, "package.json"))
	if err != nil {
		return nil, err
	}
	deps := map[string]bool{}
	for d := range pkg.Dependencies {
		deps[d] = true
	}
	for d := range pkg.DevDependencies {
		deps[d] = true
	}
	names := make([]string, 0, len(deps))
	for d := range deps {
		names = append(names, d)
	}
	sort.Strings(names)
	var out []*pulumirpc.PluginDependency
	for _, d := range names {
		modRoot, ok := findUp(root, filepath.Join("node_modules", d, "package.json"))
		if !ok {
			continue
		}
		dep, err := readPackageJSON(filepath.Join(modRoot, "node_modules", d, "package.json"))
		if err != nil || dep.Pulumi == nil || !dep.Pulumi.Resource {
			continue
		}
		name := dep.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(dep.Name, "@pulumi/")
		}
		version := dep.Pulumi.Version
		if version == "" {
			version = dep.Version
		}
		if !strings.HasPrefix(version, "v") {
			version = "v" + version
		}
		out = append(out, &pulumirpc.PluginDependency{
			Name: name, Kind: string(apitype.ResourcePlugin), Version: version, Server: dep.Pulumi.Server,
		})
	}
	return out, nil
}

// Run starts `node [nodeargs] @pulumi/pulumi/cmd/run --monitor ... <entry point>` in the program directory.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	fail := func(err error) (*pulumirpc.RunResponse, error) { return &pulumirpc.RunResponse{Error: err.Error()}, nil }
	info := req.GetInfo()
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fail(fmt.Errorf("node not found on PATH: %w", err))
	}
	runPath, err := resolveModule(ctx, nodeBin, "@pulumi/pulumi/cmd/run", info.GetProgramDirectory())
	if err != nil {
		return fail(err)
	}
	opts, err := parseOptions(info.GetOptions())
	if err != nil {
		return fail(err)
	}
	nodeargs, err := shlex.Split(opts.nodeargs)
	if err != nil {
		return fail(fmt.Errorf("nodeargs: %w", err))
	}

	args := append(nodeargs, runPath)
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", info.GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, info.GetEntryPoint())
	args = append(args, req.GetArgs()...)

	// Config keys go to the program in the "<namespace>:config:<name>" form that every @pulumi/pulumi release reads.
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return fail(err)
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, _ := json.Marshal(cfg)
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = info.GetProgramDirectory()
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	cmd.Env = append(cmd.Env, opts.env()...)
	// Node may switch its stdio to non-blocking mode; wrapping keeps our own descriptors untouched.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitAfterUserMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return fail(fmt.Errorf("Program exited with non-zero exit code: %d", exitErr.ExitCode()))
		}
		return fail(fmt.Errorf("could not run node: %w", err))
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin runs Node.js plugins; for policy packs (kind "analyzer") it starts
// @pulumi/pulumi/cmd/run-policy-pack behind the sdk's PolicyProxy, which first takes the stack configuration
// from the engine and hands it to the pack as PULUMI_NODEJS_* / PULUMI_CONFIG variables.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	info := req.GetInfo()
	dir := info.GetProgramDirectory()
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("node not found on PATH: %w", err)
	}
	opts, err := parseOptions(info.GetOptions())
	if err != nil {
		return err
	}
	env := append(req.GetEnv(), opts.env()...)
	analyzer := req.GetKind() == string(apitype.AnalyzerPlugin)
	module := "@pulumi/pulumi/cmd/run-plugin"
	if analyzer {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := resolveModule(ctx, nodeBin, module, dir)
	if err != nil {
		return err
	}
	nodeargs, err := shlex.Split(opts.nodeargs)
	if err != nil {
		return fmt.Errorf("nodeargs: %w", err)
	}
	args := append([]string{runPath}, nodeargs...)
	if analyzer {
		args = append(append(args, req.GetArgs()...), dir)
	} else {
		args = append(append(args, dir), req.GetArgs()...)
	}

	var proxy *sdk.PolicyProxy
	if analyzer {
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start policy pack proxy: %w", err)
		}
		stack, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get stack configuration: %w", err)
		}
		if stack != nil {
			set := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			set("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
			set("PULUMI_NODEJS_PROJECT", stack.GetProject())
			set("PULUMI_NODEJS_STACK", stack.GetStack())
			set("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
			if stack.GetConfig() != nil {
				b, err := json.Marshal(stack.GetConfig())
				if err != nil {
					return err
				}
				set("PULUMI_CONFIG", string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = req.GetPwd()
	if analyzer {
		cmd.Dir = dir // policy packs have always run from their own folder
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not run node: %w", err)
	}
	if proxy != nil {
		if err := proxy.Attach(ctx, cmd); err != nil {
			return err
		}
	} else if err := cmd.Wait(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", exitErr.ExitCode())
		}
		return err
	}
	return closer.Close()
}
