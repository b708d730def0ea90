/* stopwords.c - the stop list of a language, for leaving the commonest words out of a query
 * (the index keeps every word, so phrases still match them). English: Snowball's list. */
#include "text/stopwords.h"

#include <stdlib.h>
#include <string.h>

/* Snowball's English stop list (snowballstem.org/algorithms/english/stop.txt), sorted. */
static const char *const english[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't",
    "doing", "don't", "down", "during", "each", "few", "for", "from", "further", "had", "hadn't",
    "has", "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here",
    "here's", "hers", "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll",
    "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's", "me",
    "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on", "once",
    "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same",
    "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some", "such",
    "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there",
    "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "wasn't", "we", "we'd",
    "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when", "when's", "where",
    "where's", "which", "while", "who", "who's", "whom", "why", "why's", "with", "won't", "would",
    "wouldn't", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself",
    "yourselves"};

/* The distinct stems of the list above by Snowball's English stemmer, sorted: what feedback
 * leaves out, without stemming 174 words in each process that searches. tests/test_analyzer.c
 * (stop_word_stems_are_the_stemmers) checks them against libstemmer. */
static const char *const english_stems[] = {
    "a", "about", "abov", "after", "again", "against", "all", "am", "an", "and", "ani", "are",
    "aren't", "as", "at", "be", "becaus", "been", "befor", "below", "between", "both", "but",
    "by", "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "doe", "doesn't",
    "don't", "down", "dure", "each", "few", "for", "from", "further", "had", "hadn't", "has",
    "hasn't", "have", "haven't", "he", "he'd", "he'll", "her", "here", "herself", "him",
    "himself", "his", "how", "i", "i'd", "i'll", "i'm", "i'v", "if", "in", "into", "is", "isn't",
    "it", "itself", "let", "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not",
    "of", "off", "on", "onc", "onli", "or", "other", "ought", "our", "ourselv", "out", "over",
    "own", "same", "shan't", "she", "she'd", "she'll", "should", "shouldn't", "so", "some",
    "such", "than", "that", "the", "their", "them", "themselv", "then", "there", "these", "they",
    "they'd", "they'll", "they'r", "they'v", "this", "those", "through", "to", "too", "under",
    "until", "up", "veri", "was", "wasn't", "we", "we'd", "we'll", "we'r", "we'v", "were",
    "weren't", "what", "when", "where", "whi", "which", "while", "who", "whom", "with", "won't",
    "would", "wouldn't", "you", "you'd", "you'll", "you'r", "you'v", "your", "yourself", "yourselv"};

static int by_string(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool has_list(const char *language) {
    return language && (!strcmp(language, "english") || !strcmp(language, "en") || !strcmp(language, "porter"));
}

bool locus_stopword(const char *language, const char *word) {
    if (!has_list(language)) return false;
    return bsearch(&word, english, sizeof english / sizeof english[0], sizeof english[0], by_string) != NULL;
}

size_t locus_stopwords(const char *language, const char *const **out) {
    *out = has_list(language) ? english : NULL;
    return has_list(language) ? sizeof english / sizeof english[0] : 0;
}

size_t locus_stopword_stems(const char *language, const char *const **out) {
    *out = has_list(language) ? english_stems : NULL;
    return has_list(language) ? sizeof english_stems / sizeof english_stems[0] : 0;
}
