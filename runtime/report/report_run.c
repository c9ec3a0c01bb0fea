/* Report figures for `tritium run`. Modeled time = device cycles / clock + the CPU-side work the
 * host measured (everything outside the matmuls), because the model's float work stays on the CPU. */
#include <string.h>

#include "runtime/report/report_run.h"

static double safe_div(double a, double b) { return b > 0 ? a / b : 0.0; }

void run_phase_diff(run_phase *out, const model_timing *t0, const model_timing *t1, const rt_stats *s0,
                    const rt_stats *s1)
{
    out->t.total_seconds = t1->total_seconds - t0->total_seconds;
    out->t.matmul_seconds = t1->matmul_seconds - t0->matmul_seconds;
    out->t.head_seconds = t1->head_seconds - t0->head_seconds;
    out->t.attn_seconds = t1->attn_seconds - t0->attn_seconds;
    out->t.tokens = t1->tokens - t0->tokens;
    out->t.forwards = t1->forwards - t0->forwards;
    out->tokens = out->t.tokens;
    rt_stats d = *s1;
#define SUB(f) d.f -= s0->f
    SUB(calls); SUB(offloaded); SUB(macs); SUB(weight_bytes); SUB(cycles); SUB(ideal_cycles);
    SUB(compute_cycles); SUB(dma_read_bytes); SUB(dma_write_bytes); SUB(stall_weight); SUB(stall_act);
    SUB(stall_out); SUB(ternary_ops); SUB(modeled_seconds); SUB(host_seconds); SUB(cpu_ref_seconds);
    SUB(mismatches); SUB(device_errors); SUB(fallbacks); SUB(hard_resets);
    SUB(faults_injected); SUB(faults_struck);
#undef SUB
    out->st = d;
}

/* CPU-side work of a phase: forward time outside the backend, minus --verify's reference matmuls
 * (they run inside the backend call, so they are already outside this figure). */
static double cpu_work(const run_phase *p)
{
    double w = p->t.total_seconds - p->t.matmul_seconds;
    return w > 0 ? w : 0.0;
}

void run_report_compute(const run_report *r, run_figures *f)
{
    memset(f, 0, sizeof *f);
    f->prefill_tps = safe_div((double)r->prefill.tokens, r->prefill.wall_seconds);
    f->decode_tps = safe_div((double)r->decode.tokens, r->decode.wall_seconds);
    double freq = r->hw.freq_mhz > 0 ? r->hw.freq_mhz * 1e6 : 0.0;
    f->bus_bytes_per_s = r->hw.data_w && freq > 0 ? r->hw.data_w / 8.0 * freq : 0.0;
    /* Decode reads every weight once per token: the device figure when there is one, else 2 bits/weight. */
    const run_phase *d = &r->decode;
    f->weight_bytes_per_token = d->tokens && d->st.weight_bytes ? (double)d->st.weight_bytes / d->tokens
                                                                : (double)r->tern_bytes;
    f->ceiling_tps = safe_div(f->bus_bytes_per_s, f->weight_bytes_per_token);
    if (!r->offloads)
        return;
    f->cycles_per_token = safe_div((double)d->st.cycles, (double)d->tokens);
    f->modeled_matmul_s_per_token = safe_div(d->st.modeled_seconds, (double)d->tokens);
    f->cpu_s_per_token = safe_div(cpu_work(d), (double)d->tokens);
    double per_tok = f->modeled_matmul_s_per_token + f->cpu_s_per_token;
    f->modeled_decode_tps = safe_div(1.0, per_tok);
    f->accel_only_decode_tps = safe_div(1.0, f->modeled_matmul_s_per_token);
    f->offload_share = safe_div(f->modeled_matmul_s_per_token, per_tok);
    f->cpu_share = safe_div(f->cpu_s_per_token, per_tok);
    const run_phase *p = &r->prefill;
    f->modeled_prefill_tps = safe_div((double)p->tokens, p->st.modeled_seconds + cpu_work(p));
    f->dev = rt_report_derive(&d->st, &r->hw);
}

static void fig(FILE *o, const char *label, double v, const char *unit)
{
    if (v > 0)
        fprintf(o, "  %-34s %12.3f %s\n", label, v, unit);
    else
        fprintf(o, "  %-34s %12s\n", label, "n/a");
}

void run_report_print(FILE *o, const run_report *r, const run_figures *f)
{
    fprintf(o, "\n--- tritium run report ---\n");
    if (r->model_desc[0])
        fprintf(o, "  model: %s\n", r->model_desc);
    fprintf(o, "  backend: %s%s\n  hardware: %s\n", r->backend, r->verify ? " (--verify: every matmul checked "
            "against kernels_ref)" : "", r->hw_desc);
    fprintf(o, "  prompt tokens %llu, generated tokens %llu (decode steps %llu)\n",
            (unsigned long long)r->prefill.tokens, (unsigned long long)r->decode.tokens + (r->prefill.tokens > 0),
            (unsigned long long)r->decode.tokens);
    fprintf(o, "host (measured on this machine%s):\n", r->offloads ? "; on sim this is simulation time, "
            "not accelerator speed" : "");
    fig(o, "prefill", f->prefill_tps, "tokens/s");
    fig(o, "decode", f->decode_tps, "tokens/s");
    fprintf(o, "  CPU work / matmul time (host): prefill %.3f / %.3f s, decode %.3f / %.3f s; head on CPU %.3f s\n",
            r->prefill.t.total_seconds - r->prefill.t.matmul_seconds, r->prefill.t.matmul_seconds,
            r->decode.t.total_seconds - r->decode.t.matmul_seconds, r->decode.t.matmul_seconds,
            r->prefill.t.head_seconds + r->decode.t.head_seconds);
    if (r->offloads) {
        fprintf(o, "accelerator (modeled at %.0f MHz, %u-bit bus):\n", r->hw.freq_mhz, r->hw.data_w);
        fig(o, "cycles per decode token", f->cycles_per_token, "cycles");
        fig(o, "modeled decode (device + CPU work)", f->modeled_decode_tps, "tokens/s");
        fig(o, "modeled prefill (device + CPU work)", f->modeled_prefill_tps, "tokens/s");
        fig(o, "device alone (matmuls only)", f->accel_only_decode_tps, "tokens/s");
        fig(o, "array utilization (decode)", f->dev.utilization * 100.0, "%");
        fig(o, "bus utilization (decode)", f->dev.bus_utilization * 100.0, "%");
        fprintf(o, "  time share (modeled decode): offloaded matmuls %.1f%%, CPU work %.1f%% "
                "(CPU work measured on this host: norms, RoPE, attention, head)\n",
                f->offload_share * 100.0, f->cpu_share * 100.0);
        fprintf(o, "  matmuls: %llu, offloaded %llu, verify mismatches %llu, device errors %llu, CPU fallbacks %llu, "
                "hard resets %llu\n",
                (unsigned long long)(r->prefill.st.calls + r->decode.st.calls),
                (unsigned long long)(r->prefill.st.offloaded + r->decode.st.offloaded),
                (unsigned long long)(r->prefill.st.mismatches + r->decode.st.mismatches),
                (unsigned long long)(r->prefill.st.device_errors + r->decode.st.device_errors),
                (unsigned long long)(r->prefill.st.fallbacks + r->decode.st.fallbacks),
                (unsigned long long)(r->prefill.st.hard_resets + r->decode.st.hard_resets));
    } else {
        fprintf(o, "accelerator: n/a on the cpu backend (run with --backend sim for modeled figures)\n");
    }
    fig(o, "weight bytes per token", f->weight_bytes_per_token, "bytes");
    if (f->ceiling_tps > 0)
        fprintf(o, "  %-34s %12.3f tokens/s (%.0f MB/s bus / weight bytes per token)\n", "bandwidth ceiling",
                f->ceiling_tps, f->bus_bytes_per_s / 1e6);
}

/* Figures keep printf's %.6g, the form the JSON output has always had. */
static void num(jw_writer *w, const char *key, double v)
{
    jw_key(w, key);
    jw_double(w, v, 6);
}

static void count(jw_writer *w, const char *key, uint64_t v)
{
    jw_key(w, key);
    jw_uint(w, v);
}

void run_report_json_fields(jw_writer *w, const run_report *r, const run_figures *f)
{
    const run_phase *p = &r->prefill, *d = &r->decode;
    jw_key(w, "backend");
    jw_string(w, r->backend);
    jw_key(w, "hardware");
    jw_string(w, r->hw_desc);
    jw_key(w, "verify");
    jw_bool(w, r->verify);
    jw_key(w, "freq_mhz");
    jw_fixed(w, r->hw.freq_mhz, 3);
    count(w, "bus_bits", r->hw.data_w);
    count(w, "prefill_tokens", p->tokens);
    count(w, "decode_steps", d->tokens);
    num(w, "host_prefill_tokens_per_s", f->prefill_tps);
    num(w, "host_decode_tokens_per_s", f->decode_tps);
    num(w, "host_cpu_work_s",
        p->t.total_seconds - p->t.matmul_seconds + d->t.total_seconds - d->t.matmul_seconds);
    num(w, "host_matmul_s", p->t.matmul_seconds + d->t.matmul_seconds);
    num(w, "cycles_per_token", f->cycles_per_token);
    num(w, "modeled_decode_tokens_per_s", f->modeled_decode_tps);
    num(w, "modeled_prefill_tokens_per_s", f->modeled_prefill_tps);
    num(w, "device_only_decode_tokens_per_s", f->accel_only_decode_tps);
    num(w, "utilization", f->dev.utilization);
    num(w, "bus_utilization", f->dev.bus_utilization);
    num(w, "offload_share", f->offload_share);
    num(w, "cpu_share", f->cpu_share);
    num(w, "weight_bytes_per_token", f->weight_bytes_per_token);
    num(w, "bus_bytes_per_s", f->bus_bytes_per_s);
    num(w, "bandwidth_ceiling_tokens_per_s", f->ceiling_tps);
    count(w, "matmuls", p->st.calls + d->st.calls);
    count(w, "offloaded", p->st.offloaded + d->st.offloaded);
    count(w, "mismatches", p->st.mismatches + d->st.mismatches);
    count(w, "device_errors", p->st.device_errors + d->st.device_errors);
    count(w, "fallbacks", p->st.fallbacks + d->st.fallbacks);
    count(w, "hard_resets", p->st.hard_resets + d->st.hard_resets);
}
