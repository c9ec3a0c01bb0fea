/* The chat prompt of BitNet b1.58 models (tokenizer.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/tokenizer/tokenizer.h"

/* Appends s without leading and trailing whitespace (llama.cpp trims chat message contents). */
static size_t add_trimmed(char *dst, size_t at, const char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    memcpy(dst + at, s, n);
    return at + n;
}

static size_t add(char *dst, size_t at, const char *s)
{
    const size_t n = strlen(s);
    memcpy(dst + at, s, n);
    return at + n;
}

char *tok_chat_prompt(const char *system, const char *user, size_t *len)
{
    if (!user)
        return NULL;
    const size_t ul = strlen(user), sl = system ? strlen(system) : 0;
    static const size_t frame = sizeof "System: <|eot_id|>User: <|eot_id|>Assistant: ";
    if (ul > SIZE_MAX / 2 - frame || sl > SIZE_MAX / 2 - frame)
        return NULL;
    char *p = malloc(ul + sl + frame);
    if (!p)
        return NULL;
    size_t at = 0;
    if (system) {
        at = add(p, at, "System: ");
        at = add_trimmed(p, at, system);
        at = add(p, at, "<|eot_id|>");
    }
    at = add(p, at, "User: ");
    at = add_trimmed(p, at, user);
    at = add(p, at, "<|eot_id|>Assistant: ");
    p[at] = 0;
    if (len)
        *len = at;
    return p;
}
