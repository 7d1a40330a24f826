// Evaluates a Karpenter kubelet CEL expression with Karpenter's own CEL environment (pkg/cel of the
// karpenter-provider-aws module) for a list of instance types, so tests judge the library's expressions with the
// evaluator the controller runs.
//
// stdin:  {"expression": "...", "types": [{"InstanceType": "m5.large", "VCPUs": 2, "MemoryMiB": 8192,
//          "DefaultENIs": 3, "IPsPerENI": 10, "MaxPods": 29}, ...]}
// stdout: {"m5.large": 110, ...}: the integer result, or the error text for a type the expression fails on.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	kcel "github.com/aws/karpenter-provider-aws/pkg/cel"
)

type request struct {
	Expression string                  `json:"expression"`
	Types      []kcel.InstanceTypeVars `json:"types"`
}

func main() {
	env, err := kcel.NewEnvironment()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintln(os.Stderr, "reading the request:", err)
		os.Exit(2)
	}
	results := make(map[string]any, len(req.Types))
	for _, t := range req.Types {
		value, err := env.EvaluateExpression(req.Expression, t)
		if err != nil {
			results[t.InstanceType] = err.Error()
			continue
		}
		results[t.InstanceType] = value
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
