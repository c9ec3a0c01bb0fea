/* A sweep's tables (sw_out.h). */
#include "runtime/sweep/sw_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const k_phase[2] = {"decode", "prefill"};

void sw_out_points_header(FILE *f)
{
    fprintf(f, "point,status,error,params,config,rows,cols,data_w,act_bytes,wgt_bytes,acc_words,rd_bursts,wr_bursts,"
               "weights,freq_mhz,bytes_per_cycle,latency,bus_gbs,decode_cycles_per_token,prefill_cycles_per_token,"
               "decode_tps_device,decode_tps_host,prefill_tps_device,prefill_tps_host,array_util_decode,"
               "array_util_prefill,bus_util_decode,weight_bytes_per_token,ceiling_tps,cpu_decode_ms,cpu_prefill_ms,"
               "area_lut,seconds\n");
}

/* A CSV field: quoted, with quotes doubled. */
static void field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
    fputc('"', f);
}

void sw_out_point_row(FILE *f, size_t i, const sw_result *r)
{
    fprintf(f, "%zu,%s,", i, r->ok ? "ok" : "failed");
    field(f, r->ok ? "" : r->error);
    fputc(',', f);
    field(f, r->params);
    fputc(',', f);
    field(f, r->ok ? r->hw.config : "");
    if (!r->ok) { /* the 27 figures of a point that did not run are empty */
        for (int k = 0; k < 27; k++)
            fputc(',', f);
        fprintf(f, ",%.3f\n", r->seconds);
        return;
    }
    const rt_hwinfo *h = &r->hw;
    fprintf(f, ",%u,%u,%u,%u,%u,%u,%u,%u,%s,%.6g,%u,%u,%.6g,%.0f,%.1f,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.0f,%.6g,"
               "%.6g,%.6g,",
            h->rows, h->cols, h->data_w, h->act_bytes, h->wgt_bytes, h->acc_words, r->rd_bursts, r->wr_bursts,
            h->weights, h->freq_mhz, r->bytes_per_cycle, r->latency, r->bus_gbs, r->dec_cycles, r->pre_cycles,
            r->dec_tps_dev, r->dec_tps_host, r->pre_tps_dev, r->pre_tps_host, r->util_dec, r->util_pre,
            r->bus_util_dec, r->weight_bytes, r->ceiling_tps, 1e3 * r->cpu_dec_s, 1e3 * r->cpu_pre_s);
    if (r->area_lut > 0)
        fprintf(f, "%.0f", r->area_lut);
    fprintf(f, ",%.3f\n", r->seconds);
}

void sw_out_layers_header(FILE *f)
{
    fprintf(f, "point,layer,m,k,count,phase,n,cycles,stall_weight,stall_act,stall_out,array_util,bus_util,"
               "dma_read_bytes,dma_write_bytes,weight_bytes\n");
}

void sw_out_layer_rows(FILE *f, size_t i, const sw_workload *w, uint32_t prefill, const sw_result *r)
{
    if (!r->ok)
        return;
    for (size_t m = 0; m < w->nmm; m++)
        for (int ph = 0; ph < 2; ph++) {
            const sw_phase *p = &r->mm[m][ph];
            if (!p->ran)
                continue;
            fprintf(f, "%zu,%s,%u,%u,%u,%s,%u,%llu,%llu,%llu,%llu,%.6g,%.6g,%llu,%llu,%llu\n", i, w->mm[m].name,
                    w->mm[m].m, w->mm[m].k, w->mm[m].count, k_phase[ph], ph == SW_DECODE ? 1u : prefill,
                    (unsigned long long)p->cycles, (unsigned long long)p->stall_w, (unsigned long long)p->stall_a,
                    (unsigned long long)p->stall_o, p->util, p->bus_util, (unsigned long long)p->rd_bytes,
                    (unsigned long long)p->wr_bytes, (unsigned long long)p->weight_bytes);
        }
}

static void point_path(char *buf, size_t len, const char *dir, size_t i, const char *suffix)
{
    snprintf(buf, len, "%s/points/%06zu.csv%s", dir, i, suffix);
}

int sw_out_point_file(const char *dir, size_t i, const sw_workload *w, uint32_t prefill, const sw_result *r)
{
    char tmp[4096], fin[4096];
    snprintf(tmp, sizeof tmp, "%s/points", dir);
    mkdir(tmp, 0755);
    point_path(tmp, sizeof tmp, dir, i, ".tmp");
    point_path(fin, sizeof fin, dir, i, "");
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    sw_out_point_row(f, i, r);
    fprintf(f, "#layers\n");
    sw_out_layer_rows(f, i, w, prefill, r);
    int rc = fclose(f) == 0 ? 0 : -1;
    return rc == 0 && rename(tmp, fin) == 0 ? 0 : -1;
}

int sw_out_point_done(const char *dir, size_t i)
{
    char p[4096];
    point_path(p, sizeof p, dir, i, "");
    return access(p, R_OK) == 0;
}

int sw_out_point_failed(const char *dir, size_t i)
{
    char p[4096], line[512];
    point_path(p, sizeof p, dir, i, "");
    FILE *f = fopen(p, "r");
    if (!f)
        return 0;
    const int failed = fgets(line, sizeof line, f) && strstr(line, ",failed,");
    fclose(f);
    return failed;
}

int sw_out_merge(const char *dir, size_t n, size_t *missing, char *err, size_t errlen)
{
    char pp[4096], lp[4096];
    snprintf(pp, sizeof pp, "%s/points.csv", dir);
    snprintf(lp, sizeof lp, "%s/layers.csv", dir);
    FILE *fp = fopen(pp, "w"), *fl = fopen(lp, "w");
    if (!fp || !fl) {
        snprintf(err, errlen, "%s: %s", !fp ? pp : lp, strerror(errno));
        if (fp) fclose(fp);
        if (fl) fclose(fl);
        return -1;
    }
    sw_out_points_header(fp);
    sw_out_layers_header(fl);
    *missing = 0;
    char line[8192], path[4096];
    for (size_t i = 0; i < n; i++) {
        point_path(path, sizeof path, dir, i, "");
        FILE *f = fopen(path, "r");
        if (!f) {
            (*missing)++;
            continue;
        }
        int layers = 0;
        while (fgets(line, sizeof line, f)) {
            if (!strcmp(line, "#layers\n")) {
                layers = 1;
                continue;
            }
            fputs(line, layers ? fl : fp);
        }
        fclose(f);
    }
    int rc = (fclose(fp) | fclose(fl)) == 0 ? 0 : -1;
    if (rc)
        snprintf(err, errlen, "writing %s: %s", dir, strerror(errno));
    return rc;
}
