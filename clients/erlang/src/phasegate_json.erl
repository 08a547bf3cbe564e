%% Minimal JSON for OTP 25, which has no json module: enough for Phasegate's wire shapes.
%% Encode: maps (atom or binary keys), lists, binaries, integers, floats, true/false/null, other atoms as strings.
%% Decode: objects become maps with binary keys; any malformed input is {error, invalid_json}, never a crash.
-module(phasegate_json).
-export([encode/1, decode/1]).

encode(Term) -> iolist_to_binary(enc(Term)).

enc(true) -> <<"true">>;
enc(false) -> <<"false">>;
enc(null) -> <<"null">>;
enc(undefined) -> <<"null">>;
enc(A) when is_atom(A) -> enc_string(atom_to_binary(A, utf8));
enc(B) when is_binary(B) -> enc_string(B);
enc(I) when is_integer(I) -> integer_to_binary(I);
enc(F) when is_float(F) -> float_to_binary(F, [short]);
enc(M) when is_map(M) ->
    Pairs = [[enc_key(K), $:, enc(V)] || {K, V} <- maps:to_list(M)],
    [${, lists:join($,, Pairs), $}];
enc(L) when is_list(L) -> [$[, lists:join($,, [enc(E) || E <- L]), $]].

enc_key(K) when is_atom(K) -> enc_string(atom_to_binary(K, utf8));
enc_key(K) when is_binary(K) -> enc_string(K).

enc_string(B) -> [$", esc(B, <<>>), $"].

esc(<<>>, Acc) -> Acc;
esc(<<$", R/binary>>, Acc) -> esc(R, <<Acc/binary, "\\\"">>);
esc(<<$\\, R/binary>>, Acc) -> esc(R, <<Acc/binary, "\\\\">>);
esc(<<$\n, R/binary>>, Acc) -> esc(R, <<Acc/binary, "\\n">>);
esc(<<$\r, R/binary>>, Acc) -> esc(R, <<Acc/binary, "\\r">>);
esc(<<$\t, R/binary>>, Acc) -> esc(R, <<Acc/binary, "\\t">>);
esc(<<C, R/binary>>, Acc) when C < 16#20 ->
    esc(R, <<Acc/binary, (iolist_to_binary(io_lib:format("\\u~4.16.0b", [C])))/binary>>);
esc(<<C, R/binary>>, Acc) -> esc(R, <<Acc/binary, C>>).

decode(Bin) when is_binary(Bin) ->
    try
        {Value, Rest} = value(ws(Bin)),
        <<>> = ws(Rest),
        {ok, Value}
    catch
        _:_ -> {error, invalid_json}
    end;
decode(_) -> {error, invalid_json}.

ws(<<C, R/binary>>) when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r -> ws(R);
ws(B) -> B.

value(<<${, R/binary>>) -> object(ws(R), #{});
value(<<$[, R/binary>>) -> array(ws(R), []);
value(<<$", R/binary>>) -> string(R, <<>>);
value(<<"true", R/binary>>) -> {true, R};
value(<<"false", R/binary>>) -> {false, R};
value(<<"null", R/binary>>) -> {null, R};
value(B) -> number(B).

object(<<$}, R/binary>>, Acc) -> {Acc, R};
object(<<$", R/binary>>, Acc) ->
    {Key, R1} = string(R, <<>>),
    <<$:, R2/binary>> = ws(R1),
    {Value, R3} = value(ws(R2)),
    case ws(R3) of
        <<$,, R4/binary>> -> object(ws(R4), Acc#{Key => Value});
        <<$}, R4/binary>> -> {Acc#{Key => Value}, R4}
    end.

array(<<$], R/binary>>, []) -> {[], R};
array(B, Acc) ->
    {Value, R1} = value(B),
    case ws(R1) of
        <<$,, R2/binary>> -> array(ws(R2), [Value | Acc]);
        <<$], R2/binary>> -> {lists:reverse([Value | Acc]), R2}
    end.

string(<<$", R/binary>>, Acc) -> {Acc, R};
string(<<$\\, C, R/binary>>, Acc) when C =/= $u ->
    Char = case C of
        $" -> $"; $\\ -> $\\; $/ -> $/; $b -> $\b; $f -> $\f; $n -> $\n; $r -> $\r; $t -> $\t
    end,
    string(R, <<Acc/binary, Char>>);
string(<<"\\u", H:4/binary, "\\u", L:4/binary, R/binary>>, Acc) when H >= <<"D800">>, H =< <<"DBFF">> ->
    Hi = binary_to_integer(H, 16), Lo = binary_to_integer(L, 16),
    Code = 16#10000 + ((Hi - 16#D800) bsl 10) + (Lo - 16#DC00),
    string(R, <<Acc/binary, Code/utf8>>);
string(<<"\\u", H:4/binary, R/binary>>, Acc) ->
    string(R, <<Acc/binary, (binary_to_integer(H, 16))/utf8>>);
string(<<C, R/binary>>, Acc) when C >= 16#20 -> string(R, <<Acc/binary, C>>).

number(B) ->
    {Text, R} = take_number(B, <<>>),
    Value = case binary:match(Text, [<<".">>, <<"e">>, <<"E">>]) of
        nomatch -> binary_to_integer(Text);
        _ -> float_value(Text)
    end,
    {Value, R}.

%% binary_to_float wants a fraction: "1e3" is read as "1.0e3".
float_value(Text) ->
    case binary:match(Text, <<".">>) of
        nomatch ->
            [Mantissa, Exponent] = binary:split(Text, [<<"e">>, <<"E">>]),
            binary_to_float(<<Mantissa/binary, ".0e", Exponent/binary>>);
        _ -> binary_to_float(Text)
    end.

take_number(<<C, R/binary>>, Acc) when (C >= $0 andalso C =< $9); C =:= $-; C =:= $+; C =:= $.; C =:= $e; C =:= $E ->
    take_number(R, <<Acc/binary, C>>);
take_number(R, Acc) when Acc =/= <<>> -> {Acc, R}.
