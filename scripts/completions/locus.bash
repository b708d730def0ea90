# bash completion for locus-index, locus-search and locus-eval (installed as one file per
# program under share/bash-completion/completions by cmake --install).

_locus_languages() {
    locus-index --version 2>/dev/null | sed -n 's/^stemming languages: *//p'
}

_locus_options() {  # the long options a program's --help lists
    "$1" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

_locus() {
    local cur prev prog
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    prog=${COMP_WORDS[0]##*/}
    case "$prev" in
        -d|--db|--files-from|--batch|--queries|--save-run)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "text jsonl tsv vimgrep trec" -- "$cur")); return ;;
        --sort) COMPREPLY=($(compgen -W "relevance date -date" -- "$cur")); return ;;
        --color|--colour) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --progress) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        -L|--language) COMPREPLY=($(compgen -W "$(_locus_languages) none" -- "$cur")); return ;;
        --measure) COMPREPLY=($(compgen -W "map ndcg10 p10 r100 rr" -- "$cur")); return ;;
        -n|--limit|--offset|--passages-per-release|--since|--until|--lock-wait|--batch-size|--trials|-g|--glob)
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_locus_options "$prog")" -- "$cur"))
    elif [[ $prog == locus-index || $prog == locus-eval ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -F _locus locus-index locus-search locus-eval
