// Package fakemodel is a scripted, offline stand-in for the model APIs that real coding-agent
// CLIs talk to, so end-to-end tests can drive the real agents and watch their hooks fire.
//
// A [Model] is an [http.Handler] that speaks, streaming (SSE) and non-streaming, as much of
// each wire protocol as the pinned agents need: Anthropic Messages (POST /v1/messages,
// /v1/messages/count_tokens), OpenAI Responses (POST /v1/responses: function calls, freeform
// custom tool calls such as apply_patch, client-executed tool_search calls), OpenAI Chat
// Completions (POST /v1/chat/completions: function and custom tool calls), Gemini
// (…:generateContent, …:streamGenerateContent?alt=sse, …:countTokens, …:embedContent, with
// schema-valid JSON for structured side requests) and GET …/models. [Start] serves it on
// 127.0.0.1 only.
//
// It plays one agent's part of a [Scenario]: an ordered list of tool calls, then a final
// text. The contract that keeps it from ever looping:
//
//   - the next step is chosen by counting the tool calls the assistant already made in the
//     history the agent sends (tool_use blocks, function_call / custom_tool_call /
//     tool_search_call items, chat tool_calls, Gemini functionCall parts), never by counting
//     tool results, which agents merge and interleave differently;
//   - a request that offers no tools gets the final text;
//   - each step is issued at most Options.MaxIssue times;
//   - after Options.MaxModelRequests model requests only the final text is returned;
//   - after Options.MaxRequests HTTP requests every request is answered 400.
//
// Every request is recorded behind a mutex ([Model.Requests]): which step was issued, which
// tool results came back (for example a hook's denial text). Headers that may carry
// credentials (Authorization, x-api-key, x-goog-api-key, cookies …) are never recorded. Time is injected through Options.Now and response ids are counters, so answers
// are deterministic.
package fakemodel
