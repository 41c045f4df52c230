#!/bin/bash
# usage: signin-timing.sh <email> <N> [base-url]  -> median and max time of N failed sign-in posts against a running app.
# An unknown e-mail must cost what a wrong password does (issue 10); run with Identity__SignInPostsPerMinute raised.
base=${3:-http://127.0.0.1:5080}; email=$1; n=$2; times=()
for i in $(seq $n); do
  jar=$(mktemp); page=$(curl -s -c $jar $base/Account/Login)
  token=$(echo "$page" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  t=$(curl -s -b $jar -o /dev/null -w "%{time_total}" --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=login" --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=Wrong-Password-1!" $base/Account/Login)
  times+=($t); rm -f $jar
done
printf "%s\n" "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, max %.1f ms over %d\n", a[int((NR+1)/2)]*1000, a[NR]*1000, NR}'
