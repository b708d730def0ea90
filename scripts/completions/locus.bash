# bash completion for locus-index, locus-search and locus-eval (installed as one file per
# program under share/bash-completion/completions by cmake --install).

_locus_languages() {  # the stemming languages, and Japanese (MeCab)
    locus-index --version 2>/dev/null | sed -n 's/^stemming languages: *//p'
    echo japanese
}

_locus_options() {  # the long options a program's --help lists on its option lines
    "$1" --help 2>/dev/null | sed -n 's/^ \{1,\}\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p' | sort -u
}

_locus_values() {  # the values of option $1 (empty: it takes none that can be listed)
    case "$1" in
        --format) echo "text jsonl tsv vimgrep trec cite csl-json" ;;
        --sort) echo "relevance date -date" ;;
        --color|--colour|--progress) echo "auto always never" ;;
        -L|--language|--lang) echo "$(_locus_languages) none" ;;
        --measure) echo "map ndcg10 p10 r100 rr" ;;
    esac
}

_locus() {
    local cur prev prog opt values
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    prog=${COMP_WORDS[0]##*/}
    # --opt=value: bash splits it at '=' ("--sort" "=" "-d"), unless '=' is not a word break
    if [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    elif [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
    fi
    case "$prev" in
        -d|--db|--files-from|--batch|--queries|--save-run)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
        -n|--limit|--offset|-A|--after-context|-B|--before-context|-C|--context|--passages-per-release|--since|--until|--lock-wait|--batch-size|--trials|-g|--glob|--timeout|-j|--jobs|--shards)
            return ;;
    esac
    values=$(_locus_values "$prev")
    if [[ -n $values ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
    elif [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_locus_options "$prog")" -- "$cur")
    elif [[ $prog == locus-index || $prog == locus-eval ]]; then
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")  # one word each, spaces and all
    fi
}
# -o filenames: file names quoted as the shell needs, folders ended by '/'
complete -o filenames -F _locus locus-index locus-search locus-eval
